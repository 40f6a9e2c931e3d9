// Package proposal is the domain of 人大代表建议 and 政协委员提案: the item
// as the congress or the CPPCC sends it, its handling by the units
// (交办, 签收, 申请调整, 沟通, 答复 classified A/B/C, the follow-up of B
// items until their promised date, the deputy's feedback and 重新办理),
// and the statistics of the 办理情况统计表. It imports no storage and no
// HTTP.
//
// How it fits the rest of ducha:
//
//   - The workflow is one explicit state machine (Transitions, Apply),
//     the same shape as ledger's commitment workflow: its first states are
//     ledger's own (StateNew 未交办, StateDispatched 已交办, StateAcknowledged
//     已签收, StateClosed 已办结 are ledger.State values), and the states only
//     a proposal has (申请调整中, 已答复, 跟踪落实, 重新办理) are added next to
//     them with the same type, so a list, a filter or a to-do that knows
//     ledger's states shows a proposal's without a mapping.
//   - Who may do what is package access's one table: the office's actions
//     are access.Dispatch and access.Close, the lead unit's access.
//     Acknowledge and access.ReportProgress (Event.Action); the deputy acts
//     only through a feedback token (Token, HashToken), never an account.
//   - Errors are ledger.Error with ledger's codes, so the web, the API and
//     the CLI map them as they map every other.
//   - Item implements the to-do's view of a supervised item (ItemKind,
//     ItemID, ItemCode, ItemTitle, ItemLead, ItemDue) so that it joins the
//     generalisation of supervised items made for the major projects
//     (package project, supervise.Supervised) without a copy of the
//     workflow per kind; the adapter is a few lines once both are merged.
//
// Rules are written once here and called by every view: State labels,
// Item.Open, Item.AckDue, Item.Late, Reply checks, Stats.
package proposal
