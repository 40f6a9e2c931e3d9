package supervise

import (
	"ducha/ledger"
	"ducha/progress"
)

// rollUpParents gives every target with sub-tasks the result of its
// children combined (progress.Combine, their weights normalised by
// ledger.NormalisedWeights), deepest first, so that a parent shows how its
// sub-tasks stand rather than a figure of its own. Items come in code
// order, each sub-task after its parent.
func rollUpParents(items []Item, th progress.Thresholds) {
	var index map[string]int
	var kids map[int][]int
	for i := range items {
		p := items[i].ParentCode
		if p == "" || items[i].Kind != ledger.KindTarget || items[i].Excluded != nil {
			continue // 不列入 counts nowhere, not in its parent either
		}
		if index == nil {
			index = make(map[string]int, len(items))
			for j := range items {
				index[items[j].Code] = j
			}
			kids = map[int][]int{}
		}
		if j, ok := index[p]; ok && j != i {
			kids[j] = append(kids[j], i)
		}
	}
	if len(kids) == 0 {
		return
	}
	var results []progress.Result
	var parts []ledger.Progress
	for i := len(items) - 1; i >= 0; i-- {
		ks, ok := kids[i]
		if !ok || items[i].Kind != ledger.KindTarget {
			continue
		}
		results, parts = results[:0], parts[:0]
		for _, k := range ks {
			results = append(results, items[k].Result)
			parts = append(parts, ledger.Progress{Code: items[k].Code, Weight: items[k].Weight})
		}
		r := progress.Combine(results, ledger.NormalisedWeights(parts), th)
		r.Kind = items[i].Result.Kind
		items[i].Result = r
	}
}

// Children returns the sub-tasks of the commitment code among items, in
// code order.
func Children(items []Item, code string) []Item {
	var out []Item
	for i := range items {
		if items[i].ParentCode == code {
			out = append(out, items[i])
		}
	}
	return out
}

// Standing says for people where the item stands (progress.Describe): its
// figure against the target for a rate, ceiling or fall, else the planned
// and the actual progress; for a parent, how its sub-tasks stand together.
func (it Item) Standing(lang string) string {
	return progress.Describe(PlanOfView(*it.CommitmentView), it.Result, lang)
}

// KindLabel names the kind of the item's target for people.
func (it Item) KindLabel(lang string) string { return it.Result.Kind.Label(lang) }
