package extract

import "encoding/json"

// Mention is one quantity in the text, in the schema of the labelling guide
// (../shared/corpus/GUIDELINES.md): one JSON object per mention.
type Mention struct {
	Start      int        `json:"start"` // UTF-8 byte offsets into the text layer
	End        int        `json:"end"`
	Quantity   string     `json:"quantity"` // the number through its unit, as written
	Value      Decimal    `json:"value"`    // multiplied out: 4.19万 → 41900
	High       *Decimal   `json:"high,omitempty"`
	Unit       string     `json:"unit"`
	Comparator string     `json:"comparator"` // eq, ge, le, approx
	Change     NullString `json:"change"`     // increase, decrease or null
	Kind       string     `json:"kind"`       // achievement or target
	Period     int        `json:"period"`
	Indicator  string     `json:"indicator"`
	Qualifier  NullString `json:"qualifier"` // 力争, 确保, 基本, 全面 or null

	// Where the mention sits; not part of the guide's schema.
	Paragraph int  `json:"-"`
	Clause    Span `json:"-"`
	Sentence  Span `json:"-"`
}

// Comparator values.
const (
	Eq     = "eq"
	Ge     = "ge"
	Le     = "le"
	Approx = "approx"
)

// Kind values.
const (
	Achievement = "achievement"
	Target      = "target"
)

// NullString is a string written as JSON null when empty.
type NullString string

// MarshalJSON writes null for the empty string.
func (s NullString) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// UnmarshalJSON reads a string or null.
func (s *NullString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = ""
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = NullString(v)
	return nil
}
