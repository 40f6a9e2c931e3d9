// Package e2e holds the end-to-end browser tests of ducha: they start the
// real web server over a copy of the demo database, with the clock fixed
// at demo.AsOf, and drive Debian's Chromium through chromedp the way the
// supervision office and a unit's reporter use it: 交办, 签收, a progress
// report with an attachment, 退回, correction, 通过, and the dashboard
// afterwards; and the way anyone sees the public site, without signing
// in, on a phone and on a desktop screen: the report with its 为民实事, a
// commitment, the reconciliation with next year's report, a unit and the
// open data; and the way every role — administrator, office, leader,
// unit — sees each page of its menu on both screens (TestRoles); and the
// way a new installation's office and unit spend their first day, from
// the report's upload to the public page (TestOfficeAndUnitDay).
//
// The tests skip when no Chromium is installed (/usr/bin/chromium or
// chromium on PATH), unless DUCHA_REQUIRE_BROWSER=1, which scripts/test
// sets after installing it: then a missing browser fails the tests.
//
// Screenshots of the dashboard and of the commitment page, and of the
// public report, commitment, reconciliation and unit pages, at desktop
// and phone sizes, are written to $DUCHA_SCREENSHOTS, or else to
// e2e/screenshots/ (ignored by git).
package e2e
