// Package project is the major-project ledger (重大项目, issue 14): a
// project of the 重点项目计划表 with its stages and investment plan, the
// owner unit's monthly report (月报) and the one judgment of where a
// project stands. It imports no storage and no HTTP.
//
// # Design: one supervision machinery for every kind of item
//
// A commitment of the work report, a major project, and later a
// 建议提案 or a 批示件 are all supervised items: the office dispatches
// them to a lead unit (交办), the unit takes them on (签收), reports each
// period (填报) and the office reviews the report (复核), approving it or
// returning it with a reason. Nothing of that is copied per kind:
//
//   - The workflow is package ledger's: ledger.State for the item
//     (new → dispatched → acknowledged → in_progress → closed, ledger.CanMove)
//     and ledger.ReportStatus for each periodic report (draft → submitted →
//     approved, or returned → submitted again; ledger.CanEditReport,
//     ledger.CanReview, ledger.CheckReturn, ledger.StateOnReport). A
//     project carries a ledger.State and its MonthlyReport a
//     ledger.ReportStatus; Submit, Approve and Return below only add the
//     project's own checks around those rules.
//   - Status and lights are package progress's: a project's investment is
//     a progress.Plan of kind KindCount (the amount completed this year,
//     on the path of the monthly plan), judged by progress.Evaluate, so a
//     红黄绿 light means the same for a project as for a commitment.
//     Evaluate adds the stage rule (a planned stage date passed without
//     the stage) and is the one function every view calls.
//   - What the to-do list, reminders and 督办单 need of an item is the
//     small interface supervise.Supervised — kind, id, code and title,
//     lead unit, the day the next report is due, the light. Commitments
//     (supervise.Item) and projects (Item here) implement it, so a unit's
//     to-do list shows the project reports it owes next to its
//     commitments (supervise.DueOf). A new kind implements the interface
//     and reuses the rest: its own domain package (like this one), its
//     own tables and store file (store/sqlstore), its own pages
//     (web/<kind>_*.go) — no second workflow, status engine or to-do list.
//   - Audit: every change of a project or report is appended to the one
//     audit log, entity "project" or "project_report", in the same
//     transaction (the store).
//
// Figures are in 万元 (ten thousand yuan), as the offices' sheets give them.
package project
