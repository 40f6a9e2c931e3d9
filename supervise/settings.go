package supervise

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/notify"
	"ducha/progress"
)

// settingsKey is where the settings are kept in the store, as JSON.
const settingsKey = "supervision"

// Settings are the supervision office's choices.
type Settings struct {
	// Period is how often units report: progress.Month or progress.Quarter.
	Period string `json:"period"`
	// Ahead, Lagging and Serious are the ratios of actual to expected
	// progress of progress.Thresholds; StaleDays its StaleAfter in days.
	Ahead     float64 `json:"ahead"`
	Lagging   float64 `json:"lagging"`
	Serious   float64 `json:"serious"`
	StaleDays int     `json:"stale_days"`
	// ReplyDays is the default time a unit has to reply to a 督办单.
	ReplyDays int `json:"reply_days"`
	// RemindDays: reminders that a period's report is due go out this many
	// days before its last day (ReportDue, the day of the unit's to-do).
	RemindDays int `json:"remind_days"`
	// The bands of progress.Bands: a rate or share within ±BandRatePoints
	// 个百分点 of its target, an amount within ±BandAmountPercent% of it,
	// meets it; a rate more than BandSeriousPoints points short of its
	// band is seriously lagging.
	BandRatePoints    float64 `json:"band_rate_points"`
	BandAmountPercent float64 `json:"band_amount_percent"`
	BandSeriousPoints float64 `json:"band_serious_points"`
	// Recipients of each unit's notifications, and the office's own
	// (Unit "" gets escalations and a copy of warnings).
	Recipients []Recipient `json:"recipients"`
}

// Recipient is where a unit's notifications go.
type Recipient struct {
	Unit    string         `json:"unit"`
	Channel notify.Channel `json:"channel"`
	To      string         `json:"to"`
	Secret  string         `json:"secret,omitempty"`
}

// DefaultSettings are monthly reports with progress.DefaultThresholds,
// five days to reply to a 督办单 and reminders five days ahead.
func DefaultSettings() Settings {
	th := progress.DefaultThresholds()
	return Settings{
		Period: progress.Month, Ahead: th.AheadRatio, Lagging: th.LaggingRatio, Serious: th.SeriousRatio,
		StaleDays: int(th.StaleAfter / (24 * time.Hour)), ReplyDays: 5, RemindDays: 5,
		BandRatePoints: th.Bands.RatePoints, BandAmountPercent: th.Bands.AmountShare * 100,
		BandSeriousPoints: th.Bands.SeriousPoints,
	}
}

// Thresholds returns the status thresholds of the settings.
func (st Settings) Thresholds() progress.Thresholds {
	return progress.Thresholds{AheadRatio: st.Ahead, LaggingRatio: st.Lagging, SeriousRatio: st.Serious,
		StaleAfter: time.Duration(st.StaleDays) * 24 * time.Hour,
		Bands: progress.Bands{RatePoints: st.BandRatePoints, AmountShare: st.BandAmountPercent / 100,
			SeriousPoints: st.BandSeriousPoints}}
}

// Limits of the bands the office may set.
const (
	maxBandRatePoints    = 5
	maxBandAmountPercent = 50
	maxBandSeriousPoints = 20
)

// Validate names every field that is wrong, in Chinese.
func (st Settings) Validate() error {
	var bad []string
	if st.Period != progress.Month && st.Period != progress.Quarter {
		bad = append(bad, fmt.Sprintf("填报周期 %q 无效（month 或 quarter）", st.Period))
	}
	th := st.Thresholds()
	th.Bands = progress.Bands{}
	if err := th.Validate(); err != nil {
		bad = append(bad, "进度阈值须满足 0 < 严重滞后 < 欠进度 ≤ 1 ≤ 超进度，滞后天数不能为负")
	}
	if !(st.BandRatePoints >= 0 && st.BandRatePoints <= maxBandRatePoints) {
		bad = append(bad, fmt.Sprintf("增速类目标容差 ±%v 个百分点无效（0–%d）", st.BandRatePoints, maxBandRatePoints))
	}
	if !(st.BandAmountPercent >= 0 && st.BandAmountPercent <= maxBandAmountPercent) {
		bad = append(bad, fmt.Sprintf("总量类目标容差 ±%v%% 无效（0–%d）", st.BandAmountPercent, maxBandAmountPercent))
	}
	if !(st.BandSeriousPoints > 0 && st.BandSeriousPoints <= maxBandSeriousPoints) {
		bad = append(bad, fmt.Sprintf("严重滞后差距 %v 个百分点无效（大于0，至多%d）", st.BandSeriousPoints, maxBandSeriousPoints))
	}
	if st.ReplyDays < 1 || st.ReplyDays > 90 {
		bad = append(bad, fmt.Sprintf("督办回复期限 %d 天无效（1–90）", st.ReplyDays))
	}
	if st.RemindDays < 0 || st.RemindDays > 31 {
		bad = append(bad, fmt.Sprintf("填报提醒提前天数 %d 无效（0–31）", st.RemindDays))
	}
	for i, r := range st.Recipients {
		if !r.Channel.Valid() {
			bad = append(bad, fmt.Sprintf("第%d个接收人：渠道 %q 无效", i+1, r.Channel))
		}
		if strings.TrimSpace(r.To) == "" {
			bad = append(bad, fmt.Sprintf("第%d个接收人：地址为空", i+1))
		} else if r.Channel != notify.ChannelEmail && !strings.HasPrefix(r.To, "https://") && !strings.HasPrefix(r.To, "http://") {
			bad = append(bad, fmt.Sprintf("第%d个接收人：Webhook 地址须以 https:// 开头", i+1))
		}
	}
	if len(bad) > 0 {
		return ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return nil
}

// Settings returns the current settings (the defaults until saved).
func (s *Service) Settings(ctx context.Context) (Settings, error) {
	s.mu.Lock()
	if c := s.settings; c != nil && c.gen >= s.allGen && s.now().Sub(c.at) < s.cacheFor() {
		s.mu.Unlock()
		return c.s, nil
	}
	gen := s.gen
	s.mu.Unlock()
	st := DefaultSettings()
	raw, found, err := s.Store.Setting(ctx, settingsKey)
	if err != nil {
		return st, err
	}
	if found {
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			return DefaultSettings(), fmt.Errorf("stored settings: %w", err)
		}
	}
	s.mu.Lock()
	s.settings = &cachedSettings{gen: gen, at: s.now(), s: st}
	s.mu.Unlock()
	return st, nil
}

// Masked returns the settings as they are shown: the signing secrets and
// the credentials in webhook addresses replaced by ledger.Mask.
func (st Settings) Masked() Settings {
	out := st
	out.Recipients = make([]Recipient, len(st.Recipients))
	for i, r := range st.Recipients {
		r.To = ledger.MaskURL(r.To)
		if r.Secret != "" {
			r.Secret = ledger.Mask
		}
		out.Recipients[i] = r
	}
	return out
}

// Unmask returns the settings with every masked address and secret (as
// Masked shows them, sent back unchanged) replaced by the stored value of
// the recipient they stand for: the one of stored with the same unit,
// channel and masked address. A mask that stands for no stored value (the
// address was edited around it) is refused, naming the recipient.
func (st Settings) Unmask(stored Settings) (Settings, error) {
	out := st
	out.Recipients = append([]Recipient(nil), st.Recipients...)
	var bad []string
	for i, r := range out.Recipients {
		if !strings.Contains(r.To, ledger.Mask) && r.Secret != ledger.Mask {
			continue
		}
		found := false
		for _, old := range stored.Recipients {
			if old.Unit != r.Unit || old.Channel != r.Channel || ledger.MaskURL(old.To) != ledger.MaskURL(r.To) {
				continue
			}
			if strings.Contains(r.To, ledger.Mask) && ledger.MaskURL(old.To) == r.To {
				r.To = old.To
			} else if strings.Contains(r.To, ledger.Mask) {
				continue
			}
			if r.Secret == ledger.Mask {
				if old.Secret == "" {
					continue
				}
				r.Secret = old.Secret
			}
			found = true
			break
		}
		if !found {
			bad = append(bad, fmt.Sprintf("第%d个接收人（%s %s）：隐藏的地址或密钥（%s）对应不到已保存的值，请填写完整的地址和密钥", i+1, r.Unit, r.Channel, ledger.Mask))
		}
		out.Recipients[i] = r
	}
	if len(bad) > 0 {
		return st, ledger.Errorf(ledger.EInvalid, "%s", strings.Join(bad, "；"))
	}
	return out, nil
}

// SaveSettings validates and stores new settings. Masked addresses and
// secrets (see Masked) keep their stored values.
func (s *Service) SaveSettings(ctx context.Context, a Actor, st Settings) error {
	if !a.CanDo(access.ManageSettings) {
		return denied()
	}
	current, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	if st, err = st.Unmask(current); err != nil {
		return err
	}
	if err := st.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := s.Store.SetSetting(ctx, settingsKey, string(b), a.Login); err != nil {
		return err
	}
	s.changed()
	return nil
}

// recipients returns where notifications for unit go.
func (st Settings) recipients(unit string) []Recipient {
	var out []Recipient
	for _, r := range st.Recipients {
		if r.Unit == unit {
			out = append(out, r)
		}
	}
	return out
}
