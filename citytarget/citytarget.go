// Package citytarget is 市定目标任务: the targets a city assigns to its
// district governments. It is pure: no storage, no HTTP, no clock.
//
// In one ledger, the city's commitment is dispatched to districts, each
// with its share of the figure (CheckShares: the shares must make the
// city's total), and the districts' approved figures roll up to it
// (RollUp). In separate instances, the city's 目标任务分解表 is read as
// the district's 市定目标任务 (ParseSheet): all or nothing, every error
// given by row.
//
// Figures are exact decimals (math/big), never floats, so that 4万 and 3万
// make 7万 and 0.1 + 0.2 makes 0.3.
package citytarget

import (
	"fmt"
	"math/big"
	"strings"

	"ducha/ledger"
)

// Share is one district's part of a city target.
type Share struct {
	District string // the district government's name
	Value    string // its figure, an exact decimal in the city's unit
}

// Dispatch is the city's commitment sent down to districts.
type Dispatch struct {
	CommitmentID int64  // the city's commitment
	Total        string // the city's figure
	Unit         string // 万人, 亿元, %
	Comparator   string // ge, le, eq, approx (ledger.Target)
	Shares       []Share
}

// Additive reports whether figures in unit add up across districts:
// counts and amounts do; rates and shares (%, 个百分点, ‰) do not, so each
// district's figure is its own target and no sum is checked.
func Additive(unit string) bool {
	u := strings.TrimSpace(unit)
	return !(u == "%" || u == "％" || u == "‰" || strings.HasSuffix(u, "百分点"))
}

// decimal reads a plain decimal (-12.5, 40000): no exponent, no more
// than 40 characters, so that no figure costs more than it is worth.
func decimal(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 || strings.ContainsAny(s, "eE/xXpP_") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// format writes r as a decimal with no more digits than needed.
func format(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(12)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// CheckShares checks a dispatch: at least one district, each once, each
// share a non-negative decimal; for an additive unit the shares must make
// the city's total — at least the total for a target to reach (ge), at
// most for a ceiling (le), exactly for eq and approx. Every problem is
// named, in Chinese.
func CheckShares(d Dispatch) error {
	var bad []string
	total, ok := decimal(d.Total)
	if !ok {
		bad = append(bad, fmt.Sprintf("市定目标值 %q 不是数字", d.Total))
	}
	if len(d.Shares) == 0 {
		bad = append(bad, "须至少分解到一个区县")
	}
	seen := map[string]bool{}
	sum := new(big.Rat)
	for i, s := range d.Shares {
		name := strings.TrimSpace(s.District)
		switch {
		case name == "":
			bad = append(bad, fmt.Sprintf("第%d项：区县名称为空", i+1))
		case seen[name]:
			bad = append(bad, fmt.Sprintf("第%d项：%s 重复", i+1, name))
		}
		seen[name] = true
		v, ok := decimal(s.Value)
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("第%d项：%s 的分解目标 %q 不是数字", i+1, name, s.Value))
			continue
		case v.Sign() < 0:
			bad = append(bad, fmt.Sprintf("第%d项：%s 的分解目标不能为负", i+1, name))
		}
		sum.Add(sum, v)
	}
	if total != nil && len(bad) == 0 && Additive(d.Unit) {
		c := sum.Cmp(total)
		switch d.Comparator {
		case "ge", "gt", "":
			if c < 0 {
				bad = append(bad, fmt.Sprintf("各区县分解目标合计%s%s，少于市定目标%s%s", format(sum), d.Unit, format(total), d.Unit))
			}
		case "le", "lt":
			if c > 0 {
				bad = append(bad, fmt.Sprintf("各区县分解目标合计%s%s，超过市定上限%s%s", format(sum), d.Unit, format(total), d.Unit))
			}
		default:
			if c != 0 {
				bad = append(bad, fmt.Sprintf("各区县分解目标合计%s%s，不等于市定目标%s%s", format(sum), d.Unit, format(total), d.Unit))
			}
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// Figure is a district's figure on its share, as the district's ledger
// has it: approved (复核通过) or not yet.
type Figure struct {
	District string
	Value    string
	Approved bool
	// Source says where the figure came from: "ledger" (the same
	// ledger), "api" (the district's token), "sheet" (its export).
	Source string
}

// Rollup is the city's figure from its districts'.
type Rollup struct {
	Value    string   // the sum of the approved figures ("" for a non-additive unit)
	Reported []string // districts with an approved figure, in share order
	Missing  []string // districts without one, in share order
}

// RollUp sums the approved figures of the districts of d (only approved
// ones count, as every view counts only approved figures); a figure of a
// district d was not dispatched to is an error, as is one that is not a
// number.
func RollUp(d Dispatch, figures []Figure) (Rollup, error) {
	var out Rollup
	by := map[string]Figure{}
	in := map[string]bool{}
	for _, s := range d.Shares {
		in[strings.TrimSpace(s.District)] = true
	}
	for _, f := range figures {
		if !in[f.District] {
			return Rollup{}, ledger.Errorf(ledger.EInvalid, "%s 不是该市定目标的承担区县", f.District)
		}
		if _, ok := decimal(f.Value); !ok && f.Approved {
			return Rollup{}, ledger.Errorf(ledger.EInvalid, "%s 的完成值 %q 不是数字", f.District, f.Value)
		}
		if f.Approved {
			by[f.District] = f
		}
	}
	sum := new(big.Rat)
	for _, s := range d.Shares {
		name := strings.TrimSpace(s.District)
		f, ok := by[name]
		if !ok {
			out.Missing = append(out.Missing, name)
			continue
		}
		out.Reported = append(out.Reported, name)
		v, _ := decimal(f.Value)
		sum.Add(sum, v)
	}
	if Additive(d.Unit) {
		out.Value = format(sum)
	}
	return out, nil
}
