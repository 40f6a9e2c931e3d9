package supervise

import (
	"context"

	"ducha/notify"
)

// notifyUnit queues m for every recipient of unit, and for the office's
// own recipients when office is set. key (with the recipient appended)
// makes a scheduled message idempotent; "" always queues. A failure to
// queue is logged, not returned: the change it reports is already made.
func (s *Service) notifyUnit(ctx context.Context, key, unit string, m notify.Message) {
	s.notify(ctx, key, unit, false, m)
}

func (s *Service) notify(ctx context.Context, key, unit string, office bool, m notify.Message) int {
	if s.Outbox == nil {
		return 0
	}
	st, err := s.Settings(ctx)
	if err != nil {
		s.log().Error("notify: settings", "err", err)
		return 0
	}
	rs := st.recipients(unit)
	if office && unit != "" {
		rs = append(rs, st.recipients("")...)
	}
	n := 0
	for _, r := range rs {
		msg := m
		msg.Channel, msg.To, msg.Secret = r.Channel, r.To, r.Secret
		k := key
		if k != "" {
			k += "|" + string(r.Channel) + "|" + r.To
		}
		added, err := s.Outbox.Enqueue(ctx, k, msg)
		if err != nil {
			s.log().Error("notify: enqueue", "unit", unit, "channel", r.Channel, "err", err)
			continue
		}
		if added {
			n++
		}
	}
	return n
}
