package importer

import "ducha/ledger"

// Matching thresholds for carrying manual work over to a re-imported
// report: a commitment with the same code must still read much the same;
// one whose code moved (a paragraph was inserted above it) must read
// nearly the same.
const (
	sameCodeSimilarity  = 0.6
	movedCodeSimilarity = 0.8
)

// KeepManualWork copies what people entered on the previous version of a
// report (confirmed lead and cooperating units, leader, person, weight,
// milestones, an edited title, the target's kind, 不列入) onto the commitments of the new version
// that still match, and returns how many were matched.
func KeepManualWork(next, prev []ledger.Commitment) int {
	byCode := map[string]int{}
	for i, p := range prev {
		byCode[p.Code] = i
	}
	used := make([]bool, len(prev))
	kept := 0
	for i := range next {
		n := &next[i]
		j := -1
		if k, ok := byCode[n.Code]; ok && prev[k].Kind == n.Kind && ledger.Similarity(prev[k].Text, n.Text) >= sameCodeSimilarity {
			j = k
		} else {
			best := movedCodeSimilarity
			for k, p := range prev {
				if used[k] || p.Kind != n.Kind {
					continue
				}
				if s := ledger.Similarity(p.Text, n.Text); s >= best {
					j, best = k, s
				}
			}
		}
		if j < 0 || used[j] {
			continue
		}
		used[j] = true
		if carry(n, prev[j]) {
			kept++
		}
	}
	return kept
}

// carry copies manual work from p to n and reports whether there was any.
func carry(n *ledger.Commitment, p ledger.Commitment) bool {
	a := p.Assignment
	kind := ""
	if p.Target != nil && n.Target != nil {
		kind = p.Target.Kind
	}
	manual := a.Lead != "" || len(a.Cooperating) > 0 || a.Leader != "" || a.Person != "" ||
		p.Weight != 0 || len(p.Milestones) > 0 || p.Title != p.Text || kind != "" || p.Excluded != nil
	if !manual {
		return false
	}
	if kind != "" {
		t := *n.Target
		t.Kind = kind
		n.Target = &t
	}
	n.Excluded = p.Excluded
	n.Assignment.Lead = a.Lead
	n.Assignment.Cooperating = a.Cooperating
	n.Assignment.Leader = a.Leader
	n.Assignment.Person = a.Person
	n.Weight = p.Weight
	n.Milestones = p.Milestones
	if p.Title != p.Text {
		n.Title = p.Title
	}
	if p.Deadline != nil && n.Deadline == nil {
		n.Deadline, n.DeadlineText = p.Deadline, p.DeadlineText
	}
	return true
}
