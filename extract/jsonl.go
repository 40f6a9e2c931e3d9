package extract

import (
	"encoding/json"
	"io"
)

// Header is the first line of the JSON Lines output for one document.
type Header struct {
	Document    string `json:"document"`
	Region      string `json:"region"`
	ReportYear  int    `json:"report_year"`
	ReviewYear  int    `json:"review_year"`
	Bytes       int    `json:"bytes"`
	Format      string `json:"format,omitempty"`
	Encoding    string `json:"encoding,omitempty"`
	Mentions    int    `json:"mentions"`
	Commitments int    `json:"commitments"`
}

// Header returns the header line for the document called name.
func (r *Result) Header(name string) Header {
	st := r.Structure
	return Header{
		Document: name, Region: st.Region, ReportYear: st.ReportYear, ReviewYear: st.ReviewYear,
		Bytes: len(r.Text), Mentions: len(r.Mentions), Commitments: len(r.Commitments),
	}
}

// WriteJSONL writes the header and then one mention (or, with commitments,
// one commitment) per line, in the schema of the labelling guide.
func (r *Result) WriteJSONL(w io.Writer, h Header, commitments bool) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return err
	}
	if commitments {
		for i := range r.Commitments {
			if err := enc.Encode(&r.Commitments[i]); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range r.Mentions {
		if err := enc.Encode(&r.Mentions[i]); err != nil {
			return err
		}
	}
	return nil
}
