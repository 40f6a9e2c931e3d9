package web_test

import (
	"context"
	"strings"
	"testing"

	"ducha/ledger"
	"ducha/web"
)

// An account's login, name and unit are bounded by ledger/limits.go:
// one character over is refused naming the field, and no account is made.
func TestAddUserFieldLimits(t *testing.T) {
	e := newEnv(t, web.DefaultConfig())
	ctx := context.Background()
	const pw = "a-long-enough-password-1"
	for _, tc := range []struct {
		u    ledger.User
		want string
	}{
		{ledger.User{Login: strings.Repeat("a", ledger.MaxLoginLen+1), Name: "张伟", Role: "supervisor"}, "登录名超过64个字符上限（现有65个字符）"},
		{ledger.User{Login: "zhang.long", Name: strings.Repeat("张", ledger.MaxPersonLen+1), Role: "supervisor"}, "姓名超过100个字符上限（现有101个字符）"},
		{ledger.User{Login: "zhang.unit", Name: "张伟", Role: "reporter", Unit: strings.Repeat("局", ledger.MaxUnitNameLen+1)}, "所属单位超过100个字符上限（现有101个字符）"},
	} {
		err := web.AddUser(ctx, e.st, tc.u, pw, "admin")
		if ledger.ErrorCode(err) != ledger.EInvalid || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AddUser(%.20s…): %v, want %s", tc.u.Login, err, tc.want)
		}
		if _, err := e.st.UserByLogin(ctx, tc.u.Login); ledger.ErrorCode(err) != ledger.ENotFound {
			t.Errorf("account %.20s… stored after a refusal: %v", tc.u.Login, err)
		}
	}
	if err := web.AddUser(ctx, e.st, ledger.User{Login: strings.Repeat("a", ledger.MaxLoginLen), Name: strings.Repeat("张", ledger.MaxPersonLen), Role: "supervisor"}, pw, "admin"); err != nil {
		t.Errorf("login and name at their limits: %v", err)
	}
}
