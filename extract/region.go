package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// regionSuffixes end the names of administrative regions.
const regionSuffixes = "省市区县旗州盟"

// genericRegionWords end in a region suffix but name no region.
var genericRegionWords = map[string]bool{
	"城区": true, "市区": true, "社区": true, "园区": true, "景区": true, "小区": true, "片区": true,
	"街区": true, "辖区": true, "全区": true, "我区": true, "本区": true, "该区": true, "各区": true,
	"城市": true, "全市": true, "我市": true, "本市": true, "该市": true, "各市": true, "县市": true,
	"全县": true, "我县": true, "本县": true, "全省": true, "我省": true, "本省": true, "各省": true,
	"主城区": true, "中心城区": true, "新城区": true, "老城区": true, "示范区": true, "开发区": true,
	"功能区": true, "集聚区": true, "试验区": true, "保护区": true, "核心区": true, "商圈区": true,
	"新区": true, "城乡": true, "超市": true, "上市": true, "股市": true, "夜市": true, "集市": true,
	"城关": false, "高新区": true, "自贸区": true, "实验区": true, "先行区": true, "风景区": true,
	"产业园区": true, "工业园区": true, "生态区": true, "校区": true, "山区": true, "灾区": true,
	"地区": true, "分区": true, "专区": true, "矿区": true, "省市": true, "省市区": true, "市县": true,
	"区县": true, "县区": true, "州市": true, "全州": true, "全旗": true, "县城": true,
	"行政区": true, "特别行政区": true, "自治区": true, "自治州": true, "自治县": true, "自治旗": true,
	"经济区": true, "城市区": true, "市辖区": true, "农村": true, "牧区": true, "林区": true, "垦区": true,
}

// notInRegionNames are words and particles no administrative name holds:
// a candidate with one is a piece of a sentence (较好完成了区).
var notInRegionNames = []string{
	"了", "的", "着", "们", "完成", "召开", "会议", "代表", "确定", "提出", "通过", "人大", "工作", "报告",
	"政府", "届", "推进", "实施", "落实", "全面", "坚持", "我们", "以及", "并且", "进一步",
	// verbs reports put before 区/市/县 as the short name of their own
	// government: 自觉接受区人大监督, 紧紧围绕市委部署.
	"接受", "支持", "监督", "列席", "出席", "提请", "报请", "服从", "贯彻", "围绕", "按照", "配合", "争取",
}

// wordStarts are words that begin with a region suffix: in 合理区间 or
// 国内市场 the 区 and 市 end no name.
var wordStarts = []string{"区间", "区域", "区别", "区分", "区块", "区位", "市场", "市值", "省份", "县域"}

// wordAfter reports whether the suffix r, followed by rest, begins one of
// wordStarts.
func wordAfter(rest string, r rune) bool {
	next, _ := utf8.DecodeRuneInString(rest)
	w := string(r) + string(next)
	for _, s := range wordStarts {
		if s == w {
			return true
		}
	}
	return false
}

// afterSentenceWord reports whether prefix ends with one of
// notInRegionNames.
func afterSentenceWord(prefix string) bool {
	for _, w := range notInRegionNames {
		if strings.HasSuffix(prefix, w) {
			return true
		}
	}
	return false
}

// PlausibleRegion reports whether name looks like the name of an
// administrative region (城关区, 锡林郭勒盟, 临夏回族自治州): two to
// twelve characters ending in 省 市 区 县 旗 州 or 盟, starting with a Han
// character and holding only Han characters and digits, not a generic
// word (全区, 开发区) and without the verbs and particles of a sentence.
// A guess that fails it must never become a government.
func PlausibleRegion(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 12 || genericRegionWords[name] {
		return false
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if !isHan(first) || !strings.ContainsRune(regionSuffixes, last) {
		return false
	}
	for _, r := range name {
		if !isHan(r) && !(r >= '0' && r <= '9') {
			return false
		}
	}
	for _, w := range notInRegionNames {
		if strings.Contains(name, w) {
			return false
		}
	}
	return true
}

// leadingFunctionChars are dropped from the front of a region candidate.
const leadingFunctionChars = "在于是的对为向由我全和与及把将到从让使该本各"

// inferRegion names the government whose report this is: first from the
// people's congress session it was delivered to (在示例区第三届人民代表大会),
// else the most frequent region name in the text.
func inferRegion(text string, title Span) string {
	// A title that starts with the region: 某县2022年政府工作报告.
	if t := text[title.Start:title.End]; t != "" {
		for i, r := range t {
			if !isHan(r) || i > 30 {
				break
			}
			if strings.ContainsRune(regionSuffixes, r) && i > 0 {
				name, rest := t[:i+utf8.RuneLen(r)], t[i+utf8.RuneLen(r):]
				named := digitsAt(rest, 0) == 4 || strings.HasPrefix(rest, "人民政府") || strings.HasPrefix(rest, "政府")
				if named && PlausibleRegion(name) {
					return name
				}
				break
			}
		}
	}
	for _, marker := range []string{"届人民代表大会", "届人大"} {
		if i := strings.Index(text, marker); i >= 0 {
			if name := regionBefore(text[:i]); name != "" {
				return name
			}
		}
	}
	return frequentRegion(text)
}

// regionBefore reads back over 第十八 to the region name before it: the
// name after 在 (在试点1区第三届…), else the run of Han characters.
func regionBefore(s string) string {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if _, ok := chineseDigit(r); ok || r == '十' || r == '第' || unicode.IsDigit(r) {
			s = s[:len(s)-size]
			continue
		}
		break
	}
	// 2024年1月10日在试点1区: what follows 在 is the name, digits and all.
	tail := s[max(0, len(s)-48):]
	if i := strings.LastIndex(tail, "在"); i >= 0 {
		if name := tail[i+len("在"):]; PlausibleRegion(name) {
			return name
		}
	}
	name := hanSuffix(s, 12)
	if i := strings.LastIndex(name, "在"); i >= 0 {
		name = name[i+len("在"):]
	}
	name = strings.TrimLeft(name, leadingFunctionChars+"年月日")
	if !PlausibleRegion(name) {
		return ""
	}
	return name
}

// hanSuffix returns the run of Han characters at the end of s, at most n.
func hanSuffix(s string, n int) string {
	i := len(s)
	for k := 0; i > 0 && k < n; k++ {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		i -= size
	}
	return s[i:]
}

// frequentRegion counts the names ending in a region suffix and keeps the
// most frequent, preferring a longer name that occurs nearly as often.
func frequentRegion(text string) string {
	// The government names itself early and often; the first 128 KiB are
	// enough and keep this cheap on huge inputs.
	if len(text) > 128<<10 {
		text = text[:128<<10]
	}
	counts := map[string]int{}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if strings.ContainsRune(regionSuffixes, r) {
			prefix := hanSuffix(text[:i], 4)
			pr := []rune(prefix)
			// A suffix that ends a generic word (自贸区, 全区, 特别行政区)
			// names nothing: neither the word nor a piece of it (贸区) counts.
			// After a verb or particle (接受区人大, 完成了区) the suffix is
			// the short name of the speaker's government, no name's end.
			generic := wordAfter(text[i+size:], r) || afterSentenceWord(prefix)
			for k := 1; k <= len(pr) && k <= 4; k++ {
				generic = generic || genericRegionWords[string(pr[len(pr)-k:])+string(r)]
			}
			for k := 1; k <= len(pr) && k <= 4 && !generic; k++ {
				name := string(pr[len(pr)-k:]) + string(r)
				if PlausibleRegion(name) && !strings.ContainsRune(leadingFunctionChars, pr[len(pr)-k]) {
					counts[name]++
				}
			}
		}
		i += size
	}
	// The two-character endings (关区 of 城关区), most frequent first.
	var short []string
	for name, n := range counts {
		if utf8.RuneCountInString(name) == 2 && n >= 3 {
			short = append(short, name)
		}
	}
	sort.Slice(short, func(i, j int) bool {
		a, b := short[i], short[j]
		return counts[a] > counts[b] || counts[a] == counts[b] && a < b
	})
	for _, best := range short {
		bestN := counts[best]
		for { // the longest name that occurs nearly as often: 城关区
			ext, extN := "", 0
			for name, n := range counts {
				if strings.HasSuffix(name, best) && len(name) > len(best) && n*10 >= bestN*6 && (n > extN || n == extN && name < ext) {
					ext, extN = name, n
				}
			}
			if ext == "" {
				break
			}
			best, bestN = ext, extN
		}
		if hasOffice(text, best) {
			return best
		}
	}
	return ""
}

// hasOffice reports whether the text is a government's of the level of
// region: it speaks of 城关区人民政府 or, as reports do, of 区政府, 区委,
// 区人大. A word that is only frequent (兰州 in 城关区's report, 棚户区 in
// the State Council's) has no such office.
func hasOffice(text, region string) bool {
	suffix, _ := utf8.DecodeLastRuneInString(region)
	for _, org := range []string{"人民政府", "政府", "委", "人大"} {
		if strings.Contains(text, region+org) || strings.Contains(text, string(suffix)+org) {
			return true
		}
	}
	return false
}
