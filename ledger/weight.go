package ledger

// Progress of a commitment as a fraction 0–1, used when rolling up.
type Progress struct {
	Code   string
	Weight float64 // as entered; 0 or negative means "no weight given"
	Done   float64 // 0–1
}

// RollUp combines the progress of sibling commitments into the progress of
// their parent. Weights are normalised: they need not sum to 1 (a sheet
// that gives 30, 30, 40 or 0.2, 0.2 means the same as shares of the
// total), and siblings without a weight share equally what the weighted
// ones leave — or share everything equally when none has a weight.
// Existing trackers that add raw weights report 140% complete parents.
func RollUp(children []Progress) float64 {
	if len(children) == 0 {
		return 0
	}
	weights := NormalisedWeights(children)
	var total float64
	for i, c := range children {
		done := c.Done
		if done < 0 {
			done = 0
		} else if done > 1 {
			done = 1
		}
		total += weights[i] * done
	}
	return total
}

// NormalisedWeights returns each child's share, summing to 1. Unweighted
// children get the average weight of the weighted ones.
func NormalisedWeights(children []Progress) []float64 {
	out := make([]float64, len(children))
	if len(children) == 0 {
		return out
	}
	var sum float64
	var weighted int
	for _, c := range children {
		if c.Weight > 0 {
			sum += c.Weight
			weighted++
		}
	}
	avg := 1.0
	if weighted > 0 {
		avg = sum / float64(weighted)
	}
	var total float64
	for i, c := range children {
		w := c.Weight
		if w <= 0 {
			w = avg
		}
		out[i] = w
		total += w
	}
	for i := range out {
		out[i] /= total
	}
	return out
}
