package supervise

// SetReevaluateHook sets a function the evaluation of statuses again at a
// later clock calls after evaluating and before installing them (nil: none).
func SetReevaluateHook(f func()) { testHookReevaluate = f }
