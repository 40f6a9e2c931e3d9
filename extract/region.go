package extract

import (
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
				if named && !genericRegionWords[name] {
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

// regionBefore reads back over 第十八 to the region name before it.
func regionBefore(s string) string {
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		if _, ok := chineseDigit(r); ok || r == '十' || r == '第' || unicode.IsDigit(r) {
			s = s[:len(s)-size]
			continue
		}
		break
	}
	name := hanSuffix(s, 12)
	if i := strings.LastIndex(name, "在"); i >= 0 {
		name = name[i+len("在"):]
	}
	name = strings.TrimLeft(name, leadingFunctionChars+"年月日")
	if utf8.RuneCountInString(name) < 2 {
		return ""
	}
	last, _ := utf8.DecodeLastRuneInString(name)
	if !strings.ContainsRune(regionSuffixes, last) {
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
			for k := 1; k <= len(pr) && k <= 4; k++ {
				name := string(pr[len(pr)-k:]) + string(r)
				if !genericRegionWords[name] && !strings.ContainsRune(leadingFunctionChars, pr[len(pr)-k]) {
					counts[name]++
				}
			}
		}
		i += size
	}
	best, bestN := "", 0
	for name, n := range counts {
		if utf8.RuneCountInString(name) == 2 && n > bestN || n == bestN && name < best && utf8.RuneCountInString(name) == 2 {
			best, bestN = name, n
		}
	}
	if bestN < 3 {
		return ""
	}
	for {
		ext, extN := "", 0
		for name, n := range counts {
			if strings.HasSuffix(name, best) && len(name) > len(best) && n*10 >= bestN*6 && (n > extN || n == extN && name < ext) {
				ext, extN = name, n
			}
		}
		if ext == "" {
			return best
		}
		best, bestN = ext, extN
	}
}
