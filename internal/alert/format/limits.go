package format

import "io"

// Limits on one batch. An alert body comes from outside and may be built to
// exhaust the reader; past a limit the record, or the rest of the batch, is
// rejected with a reason, and the records already read are kept.
const (
	// MaxRecordBytes is the largest record: one NDJSON line, array item or JSON
	// value. A larger record is rejected and the batch goes on. Real alerts are a
	// few kilobytes; a Windows event with a long script block can reach tens.
	MaxRecordBytes = 64 << 10

	// MaxRecords is how many records one batch may hold. The records after it are
	// not read: the batch answer names the first of them.
	MaxRecords = 10_000

	// MaxBatchBytes is the most a batch body may hold: 32 MB. The record that
	// crosses it, and any after it, are not read.
	MaxBatchBytes = 32 << 20

	// MaxDepth is how deeply objects and arrays may nest inside one record.
	// Real alerts nest five or six levels.
	MaxDepth = 32
)

// Limits lowers the defaults for one reader; a zero field means the default.
type Limits struct {
	RecordBytes int
	Records     int
	BatchBytes  int64
}

func (l Limits) withDefaults() Limits {
	if l.RecordBytes <= 0 || l.RecordBytes > MaxRecordBytes {
		l.RecordBytes = MaxRecordBytes
	}
	if l.Records <= 0 || l.Records > MaxRecords {
		l.Records = MaxRecords
	}
	if l.BatchBytes <= 0 || l.BatchBytes > MaxBatchBytes {
		l.BatchBytes = MaxBatchBytes
	}
	return l
}

// limitedReader reads at most n bytes of r and then reports errBatchTooBig if
// r has more.
type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errBatchTooBig
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
