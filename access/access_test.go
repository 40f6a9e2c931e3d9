package access

import (
	"errors"
	"strings"
	"testing"
)

// TestAllowed walks every role × action × relation to the commitment
// against the expected permission table.
func TestAllowed(t *testing.T) {
	const unit = "示例区教育局"
	objects := map[string]Object{
		"own":       {Lead: unit, Cooperating: []string{"示例区财政局"}},
		"cooperate": {Lead: "示例区财政局", Cooperating: []string{unit}},
		"other":     {Lead: "示例区财政局", Cooperating: []string{"示例区民政局"}},
	}
	// want[action] lists who may act: roles, or reporter:own / reporter:cooperate.
	want := map[Action][]string{
		ViewPublic:       {"admin", "supervisor", "leader", "reporter:own", "reporter:cooperate", "reporter:other", "public"},
		ViewInternal:     {"admin", "supervisor", "leader", "reporter:own", "reporter:cooperate"},
		Acknowledge:      {"admin", "reporter:own"},
		ReportProgress:   {"admin", "reporter:own"},
		ReplySupervision: {"admin", "reporter:own"},
		AddNote:          {"admin", "reporter:cooperate"},
		Comment:          {"admin", "supervisor", "leader"},
		OrderSupervision: {"admin", "supervisor", "leader"},
		Export:           {"admin", "supervisor", "leader"},
		Dispatch:         {"admin", "supervisor"},
		Review:           {"admin", "supervisor"},
		Close:            {"admin", "supervisor"},
		EditLedger:       {"admin", "supervisor"},
		HoldAccountable:  {"admin", "supervisor"},
		ManageUsers:      {"admin"},
		ManageSettings:   {"admin"},
	}
	for action, who := range want {
		allowed := map[string]bool{}
		for _, w := range who {
			allowed[w] = true
		}
		for _, role := range []Role{Admin, Supervisor, Leader, Reporter, Public} {
			for rel, o := range objects {
				s := Subject{Role: role}
				key := string(role)
				if role == Reporter {
					s.Unit = unit
					key += ":" + rel
				}
				exp := allowed[key] || (role != Reporter && allowed[string(role)])
				if got := Allowed(s, action, o); got != exp {
					t.Errorf("%s %s on %s commitment: %v, want %v", role, action, rel, got, exp)
				}
			}
		}
	}
	// A reporter account without a unit can do nothing internal.
	if Allowed(Subject{Role: Reporter}, ViewInternal, Object{}) {
		t.Error("reporter without unit may view an unassigned commitment")
	}
}

func TestPassword(t *testing.T) {
	p := Params{Memory: 1024, Time: 1, Threads: 1} // cheap for tests
	h, err := HashPassword("正确的密码 horse battery", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("hash %q", h)
	}
	if err := VerifyPassword("正确的密码 horse battery", h); err != nil {
		t.Errorf("right password: %v", err)
	}
	if err := VerifyPassword("wrong password!", h); !errors.Is(err, ErrMismatch) {
		t.Errorf("wrong password: %v", err)
	}
	h2, _ := HashPassword("正确的密码 horse battery", p)
	if h == h2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$a$b", "$argon2id$v=19$m=x$a$b", "$argon2id$v=19$m=1024,t=1,p=1$!!$b"} {
		if err := VerifyPassword("x", bad); err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("malformed hash %q: %v", bad, err)
		}
	}
	if CheckPassword("short") == nil || CheckPassword(strings.Repeat("长", 129)) == nil || CheckPassword("十个字符的密码啊啊啊") != nil {
		t.Error("password policy")
	}
}
