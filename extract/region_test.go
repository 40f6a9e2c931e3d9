package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestPlausibleRegion(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"城关区", true}, {"兰州市", true}, {"甘肃省", true}, {"河北省", true}, {"锡林郭勒盟", true},
		{"鄂温克族自治旗", true}, {"临夏回族自治州", true}, {"沛县", true}, {"和平区", true}, {"全州县", true},
		{"示例区", true}, {"试点1区", true},
		{"较好完成了区", false}, // the guess of issue 11
		{"的区", false}, {"我区", false}, {"全市", false}, {"开发区", false}, {"特别行政区", false},
		{"1区", false}, {"区", false}, {"", false}, {"Shili区", false}, {"示例区 ", false},
		{"区人大确定的市", false}, {"召开全体会议区", false}, {"推进实施县", false},
		{"一二三四五六七八九十一二区", false}, // too long for a name
		{"示例", false}, // no suffix
	} {
		if got := PlausibleRegion(tc.name); got != tc.want {
			t.Errorf("PlausibleRegion(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// readCorpus reads a report of the shared corpus, decoding GB18030.
func readCorpus(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sharedDir, "corpus", name))
	if err != nil {
		t.Fatalf("the shared corpus must sit beside the repository: %v", err)
	}
	if strings.Contains(name, ".gbk.") {
		if b, err = simplifiedchinese.GB18030.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	return string(b)
}

// dropLines removes the first n lines (title, session, speaker), leaving
// the body to tell whose report it is.
func dropLines(s string, n int) string {
	for ; n > 0; n-- {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[i+1:]
		}
	}
	return s
}

// TestInferRegion runs the inference on real reports and on versions of
// them a person could hand in (renamed, without their heading).
func TestInferRegion(t *testing.T) {
	sample, err := os.ReadFile("../samples/shili-2024.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, want string
	}{
		{"城关区 2020", readCorpus(t, "chengguan-2020.txt"), "城关区"},
		{"河北省 2023", readCorpus(t, "dev/hebei-2023.txt"), "河北省"},
		{"河北省 2024", readCorpus(t, "dev/hebei-2024.txt"), "河北省"},
		// The State Council's report is no region's: nothing, not a
		// frequent word (特别行政区, 合理区间, 棚户区).
		{"national 2014", readCorpus(t, "dev/national-2014.gbk.txt"), ""},
		{"national 2015", readCorpus(t, "dev/national-2015.gbk.txt"), ""},
		// A district whose name holds a digit, named in the session line
		// (在试点1区第三届人民代表大会): was 较好完成了区.
		{"试点1区", strings.ReplaceAll(string(sample), "示例区", "试点1区"), "试点1区"},
		{"示例区", string(sample), "示例区"},
		// Without the heading, from how the body names its government.
		{"城关区 body", dropLines(readCorpus(t, "chengguan-2020.txt"), 12), "城关区"},
		{"示例区 body", dropLines(string(sample), 3), "示例区"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := Extract(tc.text, Options{}).Structure
			if st.Region != tc.want {
				t.Errorf("region %q, want %q", st.Region, tc.want)
			}
			if st.Region != "" && !PlausibleRegion(st.Region) {
				t.Errorf("an implausible region %q", st.Region)
			}
		})
	}
}
