package sqlstore

import (
	"context"
	"errors"
	"strings"

	"ducha/ledger"
	"ducha/store/internal/shared"
)

// The audit actions and entity of 市定目标任务.
const (
	ActionCityShares = "city_target.shares"
	ActionCityFigure = "city_target.figure"
	EntityCityTarget = "city_target"
)

var _ ledger.CityTargetStore = (*Store)(nil)

// districtOf is the id of district, which must be a government below the
// government of city commitment cid.
func districtOf(ctx context.Context, tx Querier, cid int64, district string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT g.id FROM governments g
		JOIN reports r ON r.government_id = g.parent_id JOIN commitments c ON c.report_id = r.id
		WHERE c.id = ? AND g.name = ?`, cid, strings.TrimSpace(district)).Scan(&id)
	if errors.Is(err, ErrNoRows) {
		return 0, ledger.Errorf(ledger.EInvalid, "%s 不是该事项所属政府的下级区县", district)
	}
	return id, err
}

func (s *Store) shares(ctx context.Context, q Querier, cid int64) ([]ledger.CityShare, error) {
	var out []ledger.CityShare
	var sh ledger.CityShare
	err := scanRows(ctx, q, `SELECT s.city_commitment_id, g.name, s.value, coalesce(s.district_commitment_id, 0), s.set_by, s.set_at
		FROM city_target_shares s JOIN governments g ON g.id = s.district_id WHERE s.city_commitment_id = ? ORDER BY `+s.d.Binary("g.name"),
		[]any{cid}, []any{&sh.CityCommitmentID, &sh.District, &sh.Value, &sh.DistrictCommitmentID, &sh.By, StampDest(&sh.At)},
		func() error { out = append(out, sh); return nil })
	return out, err
}

// SetShares replaces the shares of a city commitment.
func (s *Store) SetShares(ctx context.Context, cid int64, shares []ledger.CityShare, actor string) error {
	if strings.TrimSpace(actor) == "" {
		return ledger.Errorf(ledger.EInvalid, "须有操作人")
	}
	now := s.Now()
	return s.write(ctx, "set city target shares", func(tx Tx) error {
		before, err := s.shares(ctx, tx, cid)
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, sh := range shares {
			id, err := districtOf(ctx, tx, cid, sh.District)
			if err != nil {
				return err
			}
			if keep[id] {
				return ledger.Errorf(ledger.EInvalid, "%s 重复", sh.District)
			}
			keep[id] = true
			var dc any
			if sh.DistrictCommitmentID != 0 {
				dc = sh.DistrictCommitmentID
			}
			if _, err := tx.Exec(ctx, `INSERT INTO city_target_shares (city_commitment_id, district_id, value, district_commitment_id, set_by, set_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (city_commitment_id, district_id) DO UPDATE SET value = excluded.value,
				district_commitment_id = excluded.district_commitment_id, set_by = excluded.set_by, set_at = excluded.set_at`,
				cid, id, strings.TrimSpace(sh.Value), dc, actor, s.d.Stamp(now)); err != nil {
				if s.d.IsForeignKey(err) {
					return ledger.Errorf(ledger.ENotFound, "事项 %d 或区县事项不存在", cid)
				}
				return err
			}
		}
		var gone []int64
		var id int64
		if err := scanRows(ctx, tx, `SELECT district_id FROM city_target_shares WHERE city_commitment_id = ?`, []any{cid},
			[]any{&id}, func() error {
				if !keep[id] {
					gone = append(gone, id)
				}
				return nil
			}); err != nil {
			return err
		}
		for _, g := range gone {
			if _, err := tx.Exec(ctx, `DELETE FROM city_target_shares WHERE city_commitment_id = ? AND district_id = ?`, cid, g); err != nil {
				if s.d.IsForeignKey(err) {
					return ledger.Errorf(ledger.EConflict, "已有区县报送完成值，不能取消其分解任务")
				}
				return err
			}
		}
		after, err := s.shares(ctx, tx, cid)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionCityShares, EntityCityTarget, shared.Ref(cid), before, after))
	})
}

// Shares returns the shares of a city commitment.
func (s *Store) Shares(ctx context.Context, cid int64) ([]ledger.CityShare, error) {
	out, err := s.shares(ctx, s.d.Pool(), cid)
	return out, s.wrap("city target shares", err)
}

// RecordFigure records a district's figure for a period.
func (s *Store) RecordFigure(ctx context.Context, f *ledger.CityFigure, actor string) error {
	switch f.Source {
	case ledger.FigureFromLedger, ledger.FigureFromAPI, ledger.FigureFromSheet:
	default:
		return ledger.Errorf(ledger.EInvalid, "完成值来源 %q 无效", f.Source)
	}
	if strings.TrimSpace(actor) == "" || strings.TrimSpace(f.Period) == "" || strings.TrimSpace(f.Value) == "" {
		return ledger.Errorf(ledger.EInvalid, "完成值须有期次、数值和操作人")
	}
	now := s.Now()
	out := *f
	out.By, out.At = actor, shared.Stamp(now)
	err := s.write(ctx, "record city target figure", func(tx Tx) error {
		id, err := districtOf(ctx, tx, out.CityCommitmentID, out.District)
		if err != nil {
			return err
		}
		var before *ledger.CityFigure
		var old ledger.CityFigure
		err = tx.QueryRow(ctx, `SELECT value, source, approved, recorded_by, recorded_at FROM city_target_figures
			WHERE city_commitment_id = ? AND district_id = ? AND period = ?`, out.CityCommitmentID, id, out.Period).
			Scan(&old.Value, &old.Source, &old.Approved, &old.By, StampDest(&old.At))
		switch {
		case err == nil:
			old.CityCommitmentID, old.District, old.Period = out.CityCommitmentID, out.District, out.Period
			before = &old
		case !errors.Is(err, ErrNoRows):
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO city_target_figures (city_commitment_id, district_id, period, value, source, approved,
				recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (city_commitment_id, district_id, period) DO UPDATE SET value = excluded.value, source = excluded.source,
				approved = excluded.approved, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
			out.CityCommitmentID, id, out.Period, strings.TrimSpace(out.Value), out.Source, out.Approved, actor, s.d.Stamp(now)); err != nil {
			if s.d.IsForeignKey(err) {
				return ledger.Errorf(ledger.EInvalid, "%s 没有承担该市定目标任务", out.District)
			}
			return err
		}
		var b any
		if before != nil {
			b = *before
		}
		return s.appendAudit(ctx, tx, shared.NewAudit(now, actor, ActionCityFigure, EntityCityTarget, shared.Ref(out.CityCommitmentID), b, out))
	})
	if err == nil {
		*f = out
	}
	return err
}

// Figures returns the figures on a city commitment.
func (s *Store) Figures(ctx context.Context, cid int64) ([]ledger.CityFigure, error) {
	var out []ledger.CityFigure
	var f ledger.CityFigure
	err := scanRows(ctx, s.d.Pool(), `SELECT f.city_commitment_id, g.name, f.period, f.value, f.source, f.approved, f.recorded_by, f.recorded_at
		FROM city_target_figures f JOIN governments g ON g.id = f.district_id WHERE f.city_commitment_id = ?
		ORDER BY `+s.d.Binary("g.name")+`, f.period`, []any{cid},
		[]any{&f.CityCommitmentID, &f.District, &f.Period, &f.Value, &f.Source, &f.Approved, &f.By, StampDest(&f.At)},
		func() error { out = append(out, f); return nil })
	return out, s.wrap("city target figures", err)
}
