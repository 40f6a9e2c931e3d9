package extract

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number: Coef × 10^-Scale. Values read from a
// report are multiplied out with it (4.19万 → 41900) so that no binary
// floating-point error ever reaches the output.
type Decimal struct {
	Coef  int64
	Scale int32
}

var errOverflow = errors.New("number too large")

// maxScale bounds the digits kept after the decimal point; longer fractions
// (such as 1/3) are rounded to this many places.
const maxScale = 12

func decInt(n int64) Decimal { return Decimal{Coef: n} }

// mulPow10 multiplies d by 10^n (n ≥ 0), reducing the scale first.
func (d Decimal) mulPow10(n int) (Decimal, error) {
	for n > 0 && d.Scale > 0 {
		d.Scale--
		n--
	}
	for ; n > 0; n-- {
		if d.Coef > (1<<63-1)/10 || d.Coef < -(1<<63-1)/10 {
			return d, errOverflow
		}
		d.Coef *= 10
	}
	return d, nil
}

// mulInt multiplies d by a small integer.
func (d Decimal) mulInt(m int64) (Decimal, error) {
	if m == 0 || d.Coef == 0 {
		return Decimal{}, nil
	}
	r := d.Coef * m
	if r/m != d.Coef {
		return d, errOverflow
	}
	d.Coef = r
	return d, nil
}

// add returns d + e.
func (d Decimal) add(e Decimal) (Decimal, error) {
	var err error
	for d.Scale < e.Scale {
		if d, err = d.rescaleUp(); err != nil {
			return d, err
		}
	}
	for e.Scale < d.Scale {
		if e, err = e.rescaleUp(); err != nil {
			return e, err
		}
	}
	s := d.Coef + e.Coef
	if (d.Coef > 0 && e.Coef > 0 && s < 0) || (d.Coef < 0 && e.Coef < 0 && s >= 0) {
		return d, errOverflow
	}
	return Decimal{Coef: s, Scale: d.Scale}, nil
}

func (d Decimal) rescaleUp() (Decimal, error) {
	if d.Coef > (1<<63-1)/10 || d.Coef < -(1<<63-1)/10 {
		return d, errOverflow
	}
	return Decimal{Coef: d.Coef * 10, Scale: d.Scale + 1}, nil
}

// quo returns n/m rounded to maxScale places (used for fractions).
func quo(n, m Decimal) (Decimal, error) {
	if m.Coef == 0 {
		return Decimal{}, errors.New("division by zero")
	}
	r := new(big.Rat).SetFrac(big.NewInt(n.Coef), big.NewInt(m.Coef))
	// n/m with scales: (n.Coef/10^ns) / (m.Coef/10^ms)
	shift := int(m.Scale) - int(n.Scale)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(shift))), nil)
	if shift > 0 {
		r.Mul(r, new(big.Rat).SetInt(p))
	} else if shift < 0 {
		r.Quo(r, new(big.Rat).SetInt(p))
	}
	return parseDecimal(r.FloatString(maxScale))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// parseDecimal reads an ASCII decimal such as "41.9" or "0.333".
func parseDecimal(s string) (Decimal, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > maxScale {
		frac = frac[:maxScale]
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return Decimal{}, nil
	}
	if len(digits) > 18 {
		return Decimal{}, errOverflow
	}
	c, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return Decimal{}, errOverflow
	}
	if neg {
		c = -c
	}
	return Decimal{Coef: c, Scale: int32(len(frac))}, nil
}

// normalize removes trailing zeros after the decimal point.
func (d Decimal) normalize() Decimal {
	for d.Scale > 0 && d.Coef%10 == 0 {
		d.Coef /= 10
		d.Scale--
	}
	return d
}

// String formats d as a plain decimal, e.g. "41900" or "67.9".
func (d Decimal) String() string {
	d = d.normalize()
	neg := d.Coef < 0
	c := d.Coef
	if neg {
		c = -c
	}
	s := strconv.FormatInt(c, 10)
	if d.Scale > 0 {
		for len(s) <= int(d.Scale) {
			s = "0" + s
		}
		s = s[:len(s)-int(d.Scale)] + "." + s[len(s)-int(d.Scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Float returns d as a float64 (for comparisons, never for output).
func (d Decimal) Float() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

// Cmp compares d and e: -1, 0 or +1.
func (d Decimal) Cmp(e Decimal) int {
	a := new(big.Rat).SetFrac(big.NewInt(d.Coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil))
	b := new(big.Rat).SetFrac(big.NewInt(e.Coef), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e.Scale)), nil))
	return a.Cmp(b)
}

// IsZero reports whether d is zero.
func (d Decimal) IsZero() bool { return d.Coef == 0 }

// MarshalJSON writes d as a JSON number.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON reads a JSON number.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
	}
	v, err := parseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
