package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"ducha/ledger"
)

// FuzzDecodeJSON: the API's JSON decoding never panics; it answers a
// value, EInvalid or ETooLarge (only for a body over the limit); a value
// it accepts encodes and decodes back to itself.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"period":"2024-09","value":"3.5","percent":40,"done":false,"narrative":"已完成主体施工","problems":"","next_steps":"验收","explanation":"","submit":true}`,
		`{"narrative":"x"}`, `{"percent":null}`, `{"percent":1e400}`, `{"percent":-1}`, `{"unknown":1}`,
		`{"approve":true,"reason":"材料齐全"}`, `{"requirement":"请于五日内说明滞后原因","reply_by":"2024-10-08"}`,
		`{"reply_by":"2024-13-40"}`, `{"reply":"已整改"}`, `{"body":"<script>alert(1)</script>"}`,
		`{"narrative":"x"} {"narrative":"y"}`, `{"narrative":"x"}   `, `[]`, `null`, `"s"`, `{"narrative":"\ud800"}`, ``,
		`{"narrative":"` + strings.Repeat("进", 100) + `"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		targets := []func() any{
			func() any { return new(apiProgressBody) }, func() any { return new(apiReviewBody) },
			func() any { return new(apiOrderBody) }, func() any { return new(apiReplyBody) }, func() any { return new(apiCommentBody) },
		}
		for _, mk := range targets {
			v := mk()
			err := decodeJSON(bytes.NewReader(body), v)
			if err != nil {
				switch ledger.ErrorCode(err) {
				case ETooLarge:
					if len(body) <= maxJSONBody {
						t.Fatalf("%T: %d bytes called too large", v, len(body))
					}
				case ledger.EInvalid:
				default:
					t.Fatalf("%T: error %v with code %q", v, err, ledger.ErrorCode(err))
				}
				continue
			}
			if len(body) > maxJSONBody {
				t.Fatalf("%T: a %d-byte body accepted", v, len(body))
			}
			enc, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			again := mk()
			if err := decodeJSON(bytes.NewReader(enc), again); err != nil || !reflect.DeepEqual(v, again) {
				t.Fatalf("%T: %s decoded as %+v, re-encoded %s as %+v (%v)", v, body, v, enc, again, err)
			}
			switch b := v.(type) {
			case *apiProgressBody:
				in := b.input()
				if b.Percent == nil && in.Percent != -1 || b.Percent != nil && in.Percent != *b.Percent ||
					in.Narrative != b.Narrative || in.Period != b.Period || in.Submit != b.Submit {
					t.Fatalf("progress input %+v of %+v", in, b)
				}
			case *apiOrderBody:
				if by, err := b.replyBy(); err == nil && b.ReplyBy != "" && by.Format("2006-01-02") != b.ReplyBy {
					t.Fatalf("reply_by %q read as %v", b.ReplyBy, by)
				} else if err != nil && ledger.ErrorCode(err) != ledger.EInvalid {
					t.Fatalf("reply_by: %v", err)
				}
			}
		}
	})
}

// fuzzBoundary is the multipart boundary of FuzzProgressForm's bodies.
const fuzzBoundary = "ducha-fuzz-boundary"

// FuzzProgressForm: the progress form's decoding (the body read by
// readForm, the fields by progressInput, the files by uploadedFiles)
// never panics; a body over the limit is ETooLarge, one that cannot be
// read EInvalid; the report has exactly the fields sent.
func FuzzProgressForm(f *testing.F) {
	part := func(name, value string) string {
		return "--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n"
	}
	file := func(name string, data string) string {
		return "--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"" + name +
			"\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n"
	}
	f.Add(false, []byte("csrf_token=t&period=2024-09&value=3.5&percent=40&done=1&narrative=%E5%AE%8C%E6%88%90&action=submit"))
	f.Add(false, []byte("period=2024-Q3&percent=abc&narrative=a&narrative=b&problems=%ZZ"))
	f.Add(false, []byte("percent=%20%2B7%20&done=0&action=save"))
	f.Add(false, []byte("percent=99999999999999999999&explanation="+strings.Repeat("x", 200)))
	f.Add(true, []byte(part("period", "2024-09")+part("percent", "55")+part("narrative", "学位建设<b>")+part("action", "submit")+"--"+fuzzBoundary+"--\r\n"))
	f.Add(true, []byte(part("period", "2024-09")+file("验收报告.pdf", "%PDF-1.7\n1 0 obj\n")+"--"+fuzzBoundary+"--\r\n"))
	f.Add(true, []byte(part("period", "2024-09")+file("run.sh", "#!/bin/sh\n")+file("", "x")+"--"+fuzzBoundary+"--\r\n"))
	f.Add(true, []byte(part("period", "2024-09")+"--"+fuzzBoundary)) // cut off
	f.Add(true, []byte("no multipart here"))
	const limit = 8 << 10
	f.Fuzz(func(t *testing.T, multipart bool, body []byte) {
		r := httptest.NewRequest("POST", "/commitments/1/progress", bytes.NewReader(body))
		if multipart {
			r.Header.Set("Content-Type", "multipart/form-data; boundary="+fuzzBoundary)
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
		if err := readForm(r); err != nil {
			switch code := ledger.ErrorCode(err); {
			case code == ETooLarge && len(body) > limit:
			case code == ledger.EInvalid:
			default:
				t.Fatalf("readForm: %v (code %q) of a %d-byte body", err, code, len(body))
			}
			return
		}
		in := progressInput(r)
		for field, got := range map[string]string{"period": in.Period, "value": in.Value, "narrative": in.Narrative,
			"problems": in.Problems, "next_steps": in.NextSteps, "explanation": in.Explanation} {
			if want := r.PostFormValue(field); got != want {
				t.Fatalf("%s: %q, sent %q", field, got, want)
			}
		}
		switch pct := strings.TrimSpace(r.PostFormValue("percent")); {
		case pct == "":
			if in.Percent != -1 {
				t.Fatalf("no percent read as %d", in.Percent)
			}
		default:
			if n, err := strconv.Atoi(pct); err == nil && in.Percent != n || err != nil && in.Percent != -2 {
				t.Fatalf("percent %q read as %d", pct, in.Percent)
			}
		}
		if in.Submit != (r.PostFormValue("action") == "submit") || in.Done != (r.PostFormValue("done") == "1") {
			t.Fatalf("submit %v done %v of %v", in.Submit, in.Done, r.PostForm)
		}
		files, err := uploadedFiles(r)
		if err != nil {
			if ledger.ErrorCode(err) != ledger.EInvalid {
				t.Fatalf("uploadedFiles: %v", err)
			}
			return
		}
		sent := 0
		if r.MultipartForm != nil {
			sent = len(r.MultipartForm.File["evidence"])
		}
		if len(files) != sent {
			t.Fatalf("%d files of %d", len(files), sent)
		}
	})
}
