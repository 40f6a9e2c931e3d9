package ledger

import "testing"

func TestValidPeriod(t *testing.T) {
	for p, want := range map[string]bool{
		"2024-01": true, "2024-09": true, "2024-10": true, "2024-12": true, "2024-Q1": true, "2024-Q4": true,
		"2024-00": false, "2024-13": false, "2024-Q0": false, "2024-Q5": false, "2024-1": false, "2024-001": false,
		"24-06": false, "2024/06": false, "２０２４-06": false, "2024-q2": false, "": false, "abcd-06": false,
	} {
		if got := ValidPeriod(p); got != want {
			t.Errorf("ValidPeriod(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestValidDecimal(t *testing.T) {
	for s, want := range map[string]bool{
		"12": true, "-3": true, "0.5": true, "41900.50": true,
		"": false, "-": false, ".5": false, "5.": false, "1e5": false, "1,000": false, " 1": false, "+1": false, "--1": false,
	} {
		if got := ValidDecimal(s); got != want {
			t.Errorf("ValidDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}
