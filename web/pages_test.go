package web_test

import (
	"fmt"
	"strings"
	"testing"

	"ducha/web"
)

// The dashboard opens on the newest report of a year that has begun by
// the server's clock: at demo.AsOf (September 2024) the supervised 2024
// report, not the 2025 one imported beside it; ?report= still chooses.
func TestDashboardDefaultReport(t *testing.T) {
	e := newEnv(t, web.Config{})
	c := e.client()
	c.login("ducha")
	_, body := c.get("/dashboard")
	want := fmt.Sprintf(`<option value="%d" selected>`, e.res.ReportID)
	if !strings.Contains(body, want) {
		t.Fatalf("the dashboard at %s does not open on report %d (the %d one)", e.now.Format("2006-01-02"), e.res.ReportID, e.res.Year)
	}
	e.now = e.now.AddDate(1, 0, 0)
	c2 := e.client()
	c2.login("ducha")
	if _, body := c2.get("/dashboard"); strings.Contains(body, want) {
		t.Fatalf("a year later the dashboard still opens on the %d report", e.res.Year)
	}
}
