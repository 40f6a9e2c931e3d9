package ledger

import "time"

// Level is the tier of a government.
type Level string

// Government levels.
const (
	LevelNation   Level = "国家"
	LevelProvince Level = "省"
	LevelCity     Level = "市"
	LevelCounty   Level = "县区"
	LevelTownship Level = "乡镇"
)

// Levels lists the valid levels from the top down.
var Levels = []Level{LevelNation, LevelProvince, LevelCity, LevelCounty, LevelTownship}

// ValidLevel reports whether l is one of Levels.
func ValidLevel(l Level) bool {
	for _, v := range Levels {
		if v == l {
			return true
		}
	}
	return false
}

// Government is a people's government whose reports are tracked.
type Government struct {
	ID     int64
	Name   string // 城关区
	Level  Level
	Parent string // name of the parent government, "" at the top
}

// Report is one work report of a government, as imported.
type Report struct {
	ID           int64
	GovernmentID int64
	Year         int // the year planned for
	ReviewYear   int // the year reviewed
	Title        string
	SourceName   string // file name as imported
	Format       string // text, html, docx, pdf
	Encoding     string
	Checksum     string // sha256 of the source file, hex
	Text         string // the text layer; all spans point into it
	Structure    []byte // the extracted structure, JSON
	ImportedAt   time.Time
}

// Kind says whether a commitment is a target of the plan or an achievement
// reported in the review part.
type Kind string

// Commitment kinds.
const (
	KindTarget      Kind = "target"
	KindAchievement Kind = "achievement"
)

// Commitment is one line of the ledger: a task of the plan (or, for the
// review part, a reported achievement) with what, how much and by when.
type Commitment struct {
	ID       int64
	ReportID int64
	// Code is stable within a report: year-section-paragraph-item such as
	// 2020-03-07-2; sub-tasks append .1, .2 (2020-03-07-2.1) at any depth.
	Code       string
	ParentCode string
	Kind       Kind
	Title      string // short task title, editable; initially the clause
	Text       string // the source clause as written
	Sentence   string // the whole source sentence
	Start, End int    // byte span of Text in the report's text layer
	Section    []string
	Category   string // top-level section, used to group
	Lead       string // the paragraph's lead phrase
	Period     int    // the year the target is due or the achievement belongs to
	// DeadlineText is the phrase (6月底前, 年内); Deadline its date, nil if none.
	DeadlineText string
	Deadline     *time.Time
	// Weight of the commitment among its siblings; 0 means "equal share".
	// Weights are normalised when rolled up (see RollUp).
	Weight     float64
	Target     *Target
	Assignment Assignment
	Milestones []Milestone
	// Excluded is set when the office marked the proposal 不列入 (not a
	// commitment): it is kept in the ledger but left out of dashboards,
	// evaluation, reminders and the public site; nil when included.
	Excluded *Exclusion
}

// Target is the quantified part of a commitment.
type Target struct {
	Indicator  string // 新增学位
	Quantity   string // as written: 6000个
	Unit       string // 个
	Comparator string // eq, ge, le, approx
	Value      string // exact decimal, e.g. "6000"
	High       string // upper bound of a range, "" if none
	Change     string // increase, decrease or ""
	// Baseline is the same indicator as reported in the review part.
	BaselineValue string
	BaselineYear  int
	Binding       string // 约束性 or 预期性 where stated
	// Kind is what the target means (a progress.Kind: count, level, rate,
	// ceiling, reduction, multiyear, milestone) as set by the office; ""
	// means inferred from the extraction (progress.Infer) each time.
	Kind string
}

// Assignment says who carries a commitment. Units are named as in the
// units directory.
type Assignment struct {
	Lead          string   // 牵头单位, confirmed or entered by a person
	SuggestedLead string   // proposed by ducha, until a person confirms
	Cooperating   []string // 配合单位
	Leader        string   // 责任领导
	Person        string   // 责任人
}

// Milestone is a 时间节点: a due date with an expected value or a
// description of what is due.
type Milestone struct {
	Due         time.Time
	Expected    string // exact decimal, "" when the milestone is descriptive
	Description string
}

// Unit is a department or other body that leads or cooperates on
// commitments.
type Unit struct {
	ID        int64
	Name      string // full name, unique: 示例区教育局
	ShortName string // 区教育局
	Aliases   []string
	Parent    string // name of the parent unit, "" if none
	// Contact details are private: never shown publicly.
	Contact string
}
