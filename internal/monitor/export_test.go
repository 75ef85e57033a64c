package monitor

// Placeholders is placeholders, for the raw insert benchmark.
var Placeholders = placeholders
