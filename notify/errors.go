package notify

import (
	"errors"
	"fmt"
)

// PermanentError marks a delivery error that retrying cannot fix: a bad
// address, a 4xx answer other than 408/429, an unknown channel, a refused
// redirect. The Dispatcher marks such a message dead at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string {
	if e.Err == nil {
		return "permanent error"
	}
	return e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err in a *PermanentError; nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	var p *PermanentError
	if errors.As(err, &p) {
		return err
	}
	return &PermanentError{Err: err}
}

// permanentf is Permanent(fmt.Errorf(...)).
func permanentf(format string, args ...any) error {
	return &PermanentError{Err: fmt.Errorf(format, args...)}
}

// IsPermanent reports whether err has a *PermanentError in its chain.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Errors the senders return, wrapped in a *PermanentError (test them with
// errors.Is).
var (
	// ErrHeaderInjection: CR or LF in an e-mail address or subject.
	ErrHeaderInjection = errors.New("notify: CR or LF in a mail header")
	// ErrBadAddress: the recipient is not a usable address or URL.
	ErrBadAddress = errors.New("notify: bad recipient")
	// ErrUnknownChannel: the message's channel is not one this sender handles.
	ErrUnknownChannel = errors.New("notify: unknown channel")
	// ErrNoSender: the Router has no sender for the message's channel.
	ErrNoSender = errors.New("notify: no sender configured for channel")
	// ErrRedirect: a webhook answered with a redirect to another host.
	ErrRedirect = errors.New("notify: webhook redirect refused")
)
