package accountability

import "sort"

// UnitStats counts one unit's records of a year.
type UnitStats struct {
	Unit      string
	Counts    map[Measure]int
	Total     int
	Deduction float64
}

// Stats are the records of a year (their current versions) counted by
// measure and by unit.
type Stats struct {
	Year      int
	ByMeasure map[Measure]int
	Units     []UnitStats // by number of records, most first, then name
	Total     int
}

// Statistics counts the records current in versions decided in year.
func Statistics(versions []Record, year int) Stats {
	st := Stats{Year: year, ByMeasure: map[Measure]int{}}
	units := map[string]*UnitStats{}
	for _, r := range Current(versions) {
		if r.Date.Year() != year {
			continue
		}
		st.Total++
		st.ByMeasure[r.Measure]++
		u := units[r.Unit]
		if u == nil {
			u = &UnitStats{Unit: r.Unit, Counts: map[Measure]int{}}
			units[r.Unit] = u
		}
		u.Counts[r.Measure]++
		u.Total++
		u.Deduction += r.Deduction
	}
	for _, u := range units {
		st.Units = append(st.Units, *u)
	}
	sort.Slice(st.Units, func(i, j int) bool {
		a, b := st.Units[i], st.Units[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Unit < b.Unit
	})
	return st
}
