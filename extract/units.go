package extract

import (
	"strings"
	"sync"
)

// units lists measure words and compound units that may follow a number.
// Longer entries win over their prefixes (平方公里 over 平方米 over 米).
// Magnitudes (万, 亿, 千, 百, 十) are not units: they are multiplied into
// the value, except where 千 starts a unit of its own (千瓦, 千米, 千克).
var unitWords = []string{
	// compound and physical units
	"微克/立方米", "毫克/立方米", "毫克/升", "微克", "毫克", "平方公里", "平方千米", "平方米", "立方米", "公里", "千米", "米", "公顷", "亩",
	"吨标准煤", "标准煤", "吨", "公斤", "千克", "斤",
	"千瓦时", "千瓦", "兆瓦", "千伏安", "千伏", "度", "蒸吨",
	"标准箱", "标箱",
	// money
	"美元", "欧元", "元",
	// people and events
	"人次", "户次", "场次", "车次", "架次", "班次", "批次", "件次", "台次", "航次", "艘次", "课时", "学时",
	"人", "户", "名", "位",
	// counts
	"个工作日", "个百分点", "百分点", "部门", "个月", "个", "家", "所", "项", "件", "条", "座", "部", "处", "台", "套", "张",
	"种", "组", "盆", "株", "棵", "块", "起", "次", "场", "支", "辆", "艘", "间", "栋", "幢", "片",
	"盏", "头", "只", "本", "册", "篇", "份", "床", "宗", "笔", "批", "轮", "款", "根", "口",
	"眼", "孔", "杆",
	// durations and ratios
	"个小时", "小时", "分钟", "天", "倍", "成", "岁", "延米",
}

// unitIndex maps the first rune of each unit to its candidates, longest first.
var unitIndex = sync.OnceValue(func() map[rune][]string {
	m := map[rune][]string{}
	for _, u := range unitWords {
		r := []rune(u)[0]
		m[r] = append(m[r], u)
	}
	for r, list := range m {
		// longest first; stable insertion sort keeps it short
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j]) > len(list[j-1]); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		m[r] = list
	}
	return m
})

// matchUnit returns the unit word starting at s, or "".
func matchUnit(s string) string {
	if s == "" {
		return ""
	}
	if s[0] == '%' {
		return "%"
	}
	if strings.HasPrefix(s, "‰") {
		return "‰"
	}
	if strings.HasPrefix(s, "％") {
		return "％"
	}
	r := firstRune(s)
	for _, u := range unitIndex()[r] {
		if strings.HasPrefix(s, u) {
			return u
		}
	}
	return ""
}

// startsUnitWithMagnitude reports whether a magnitude character at s is
// really the start of a unit (千瓦, 千米 …) and must not be multiplied in.
func startsUnitWithMagnitude(s string) bool {
	for _, u := range []string{"千瓦", "千米", "千克", "千伏", "百分点"} {
		if strings.HasPrefix(s, u) {
			return true
		}
	}
	return false
}
