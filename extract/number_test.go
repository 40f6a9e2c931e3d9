package extract

import "testing"

func TestParseNumeral(t *testing.T) {
	tests := []struct {
		in    string
		value string // "" means no number starts here
		end   int    // bytes consumed; -1 means the whole input
		bad   bool
	}{
		{"36亿元", "3600000000", len("36亿"), false},
		{"4.19万人", "41900", len("4.19万"), false},
		{"7345万元", "73450000", len("7345万"), false},
		{"1,234个", "1234", len("1,234"), false},
		{"1,23个", "1", 1, false},
		{"１２个", "12", len("１２"), false},
		{"80余万株", "800000", len("80余万"), false},
		{"2万余人", "20000", len("2万余"), false},
		{"3000多个", "3000", len("3000多"), false},
		{"1.5亿千瓦", "150000000", len("1.5亿"), false},
		{"4万千瓦", "40000", len("4万"), false},
		{"3千万元", "30000000", len("3千万"), false},
		{"67.9%", "67.9", len("67.9"), false},
		{"0.5个百分点", "0.5", len("0.5"), false},
		{"三十五个", "35", len("三十五"), false},
		{"十二所", "12", len("十二"), false},
		{"两千三百万", "23000000", -1, false},
		{"一百零八", "108", -1, false},
		{"三亿五千万", "350000000", -1, false},
		{"壹佰贰拾万元", "1200000", len("壹佰贰拾万"), false},
		{"百分之三十", "30", -1, false},
		{"三分之一", "0.333333333333", -1, false},
		{"1/10", "0.1", -1, false},
		{"三十余家", "30", len("三十余"), false},
		{"03.01.2020", "", len("03.01.2020"), true},
		{"09:00", "", len("09:00"), true},
		{"千方百计", "", len("千"), true},
		{"x", "", 0, false},
	}
	for _, tt := range tests {
		n, ok := parseNumeral(tt.in, 0)
		if tt.value == "" && !tt.bad {
			if ok && !n.bad {
				t.Errorf("parseNumeral(%q) = %s, want no number", tt.in, n.value)
			}
			continue
		}
		if !ok {
			t.Errorf("parseNumeral(%q): no number", tt.in)
			continue
		}
		if n.bad != tt.bad {
			t.Errorf("parseNumeral(%q).bad = %v, want %v", tt.in, n.bad, tt.bad)
			continue
		}
		end := tt.end
		if end < 0 {
			end = len(tt.in)
		}
		if n.end != end {
			t.Errorf("parseNumeral(%q) ends at %d, want %d", tt.in, n.end, end)
		}
		if !tt.bad && n.value.String() != tt.value {
			t.Errorf("parseNumeral(%q) = %s, want %s", tt.in, n.value, tt.value)
		}
	}
}

func TestDecimalExact(t *testing.T) {
	// 4.19万 must be 41900 exactly, never 41899.999…
	for _, tt := range []struct{ in, want string }{
		{"4.19万", "41900"}, {"0.07亿", "7000000"}, {"23.8万", "238000"}, {"1.17万", "11700"}, {"0.001万", "10"},
	} {
		n, ok := parseNumeral(tt.in, 0)
		if !ok || n.value.String() != tt.want {
			t.Errorf("%s = %s, want %s", tt.in, n.value, tt.want)
		}
	}
	if _, ok := parseNumeral("99999999999999999999亿", 0); !ok {
		t.Error("overflowing number: want a bad numeral, got none")
	}
}
