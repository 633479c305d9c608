package nest

// CheckNest is the independent overlap and containment checker, for the
// external tests.
var CheckNest = checkNest
