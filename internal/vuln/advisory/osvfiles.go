package advisory

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/vigil-health/vigil/internal/vuln/input"
)

// MaxFiles is the most records read from one zip or folder; osv.dev's largest ecosystem
// export holds a few hundred thousand.
const MaxFiles = 3_000_000

// Problem is a record that could not be read. The other records are kept.
type Problem struct {
	Document string // the file or zip entry
	Message  string
}

func (p Problem) String() string { return p.Document + ": " + p.Message }

// ReadOptions tune reading a collection of OSV records.
type ReadOptions struct {
	// Want, when set, is asked about each package name a record mentions, folded by
	// ident.LooseName. Records that mention none it wants are skipped without being
	// decoded, which makes matching one inventory against a whole ecosystem's records
	// fast. It never causes a wanted record to be skipped.
	Want func(looseName string) bool
	// Workers is how many records are decoded at once; 0 means one per processor.
	Workers int
}

// ReadOSVPath reads OSV records from a file, a folder of .json files or a zip (such as
// osv.dev's per-ecosystem all.zip), calling fn for each, from one goroutine. Records that
// cannot be read are returned as problems; an error stops the reading. A folder or zip
// may also hold CSAF, CVE JSON 5 and CycloneDX VEX documents, which are read too.
func ReadOSVPath(ctx context.Context, path string, opt ReadOptions, fn func(Advisory) error) ([]Problem, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read OSV records: %w", err)
	}
	if st.IsDir() {
		return ReadOSVDir(ctx, path, opt, fn)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read OSV records: %w", err)
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".zip") {
		return ReadOSVZip(ctx, filepath.Base(path), f, st.Size(), opt, fn)
	}
	data, err := input.ReadAll(path, f, MaxRecordBytes)
	if err != nil {
		return nil, err
	}
	a, err := ParseOSV(filepath.Base(path), data)
	if err != nil {
		return nil, err
	}
	return nil, fn(a)
}

// ReadOSVZip reads every .json entry of a zip of OSV records (or other advisory
// documents). Entries are inflated and decoded by several goroutines; fn is called from one.
func ReadOSVZip(ctx context.Context, name string, r io.ReaderAt, size int64, opt ReadOptions, fn func(Advisory) error) ([]Problem, error) {
	z, err := newZipEntries(r, size)
	if err != nil {
		return nil, input.Refuse(name, "", "this is not a readable zip file: %v", err)
	}
	var files []*zip.File
	for _, f := range z.files {
		if !f.FileInfo().IsDir() && strings.EqualFold(filepath.Ext(f.Name), ".json") {
			files = append(files, f)
		}
	}
	if len(files) > MaxFiles {
		return nil, input.Refuse(name, "", "the zip holds %d records; the most Vigil reads from one is %d", len(files), MaxFiles)
	}
	return readParallel(ctx, len(files), opt, func(i int, w *worker) (string, error) {
		return name + ":" + files[i].Name, z.read(files[i], &w.inflate, &w.buf)
	}, fn)
}

// ReadOSVDir reads every .json file under dir, in name order.
func ReadOSVDir(ctx context.Context, dir string, opt ReadOptions, fn func(Advisory) error) ([]Problem, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".json") {
			if len(paths) >= MaxFiles {
				return fmt.Errorf("the folder holds more than %d records", MaxFiles)
			}
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read OSV folder %s: %w", dir, err)
	}
	sort.Strings(paths)
	return readParallel(ctx, len(paths), opt, func(i int, w *worker) (string, error) {
		f, err := os.Open(paths[i])
		if err != nil {
			return paths[i], err
		}
		defer f.Close()
		return paths[i], readLimited(&w.buf, f)
	}, fn)
}

func readLimited(buf *bytes.Buffer, r io.Reader) error {
	n, err := buf.ReadFrom(io.LimitReader(r, MaxCSAFBytes+1))
	if err != nil {
		return err
	}
	if n > MaxCSAFBytes {
		return fmt.Errorf("the document is larger than %s", input.Size(MaxCSAFBytes))
	}
	return nil
}

type decoded struct {
	advs    []Advisory
	problem *Problem
}

// batch is what one worker hands over for a run of records: those decoded, and those
// skipped by ReadOptions.Want with the identifiers each may carry (as idHash values,
// ids[from:to]).
type batch struct {
	ds      []decoded
	skipped []skippedRecord
	ids     []uint64
}

type skippedRecord struct{ index, from, to int }

// worker is what one decoding goroutine reuses from record to record.
type worker struct {
	buf     bytes.Buffer
	inflate inflater
}

// readParallel loads records 0…n-1 with load, decodes them on several goroutines and
// hands the advisories to fn in one goroutine.
func readParallel(ctx context.Context, n int, opt ReadOptions, load func(int, *worker) (string, error), fn func(Advisory) error) ([]Problem, error) {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Records travel in batches: most are small and skipped, and a hand-over per record
	// would cost more than the record.
	const batchSize = 64
	jobs := make(chan int, 16)
	out := make(chan batch, 16)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w worker
			for start := range jobs {
				var b batch
				for i := start; i < min(start+batchSize, n); i++ {
					w.buf.Reset()
					if d := decodeOne(load, i, &w, opt.Want, &b); d.problem != nil || len(d.advs) > 0 {
						b.ds = append(b.ds, d)
					}
				}
				select {
				case out <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for start := 0; start < n; start += batchSize {
			select {
			case jobs <- start:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(out) }()
	var problems []Problem
	held := aliasReach{ids: map[uint64]bool{}}
	take := func(d decoded) error {
		if d.problem != nil {
			problems = append(problems, *d.problem)
		}
		for _, a := range d.advs {
			held.add(&a)
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	}
	for b := range out {
		held.skip(b)
		for _, d := range b.ds {
			if err := take(d); err != nil {
				return problems, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return problems, err
	}
	// A skipped record that shares an identifier with one read changes that one's
	// alias group and evidence, so it is read after all, and so on until none does.
	var w worker
	for _, i := range held.reached() {
		w.buf.Reset()
		if err := take(decodeOne(load, i, &w, nil, nil)); err != nil {
			return problems, err
		}
	}
	sort.Slice(problems, func(i, j int) bool { return problems[i].Document < problems[j].Document })
	if err := ctx.Err(); err != nil {
		return problems, err
	}
	return problems, nil
}

// decodeOne reads record i and decodes it, unless want is given and the record cannot
// matter to it: then it is noted in b as skipped.
func decodeOne(load func(int, *worker) (string, error), i int, w *worker, want func(string) bool, b *batch) decoded {
	doc, err := load(i, w)
	if err != nil {
		return decoded{problem: &Problem{Document: doc, Message: err.Error()}}
	}
	data := w.buf.Bytes()
	kind := KindOf(data)
	if want != nil && kind == KindOSV {
		from := len(b.ids)
		var may bool
		if b.ids, may = sift(data, want, b.ids); !may {
			b.skipped = append(b.skipped, skippedRecord{index: i, from: from, to: len(b.ids)})
			return decoded{}
		}
	}
	as, err := ParseDocument(doc, data)
	if err != nil {
		return decoded{problem: &Problem{Document: doc, Message: err.Error()}}
	}
	return decoded{advs: as}
}
