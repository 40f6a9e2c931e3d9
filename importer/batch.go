package importer

import (
	"context"
	"runtime"
	"strings"
	"sync"

	"ducha/ledger"
)

// ReportFile is one file of ImportReports, with whose report it is.
type ReportFile struct {
	Path    string
	Options ReportOptions
}

// FileResult is the outcome of importing one file of ImportReports.
type FileResult struct {
	ReportResult
	// Err is why the file was not imported, naming it; nil when it was
	// imported or found unchanged. No part of the report of a failed
	// file is stored (its government may have been added).
	Err error
}

// FileError is an error importing a file, naming it.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// fileError makes err name the file at path, unless it does already (as
// the errors of reading and extracting do).
func fileError(path string, err error) error {
	if err == nil || path == "" || strings.HasPrefix(err.Error(), path+": ") {
		return err
	}
	return &FileError{File: path, Err: err}
}

// ImportReports imports files one after another, as ImportReport would
// one by one, and returns a result for every file, in order. While a
// report is saved, the files after it are read and extracted on other
// goroutines (extraction needs nothing from the ledger but the units
// directory, read once for all the files); everything that depends on
// what is stored (unchanged files, the government, the replaced version
// and its manual work, the save itself, one transaction per report) is
// done in file order. A file that fails is reported in its result and the
// others are imported all the same.
//
// each, when not nil, is called with the index and result of every file
// as soon as it is done, in order, on the calling goroutine.
//
// When ctx is cancelled, the report being saved is rolled back unless
// its transaction was committed, no later file is saved, and
// ImportReports returns ctx.Err(); files not imported have an error in
// their result. Otherwise it returns nil, even when files failed.
func (im *Importer) ImportReports(ctx context.Context, files []ReportFile, each func(int, FileResult)) ([]FileResult, error) {
	out := make([]FileResult, len(files))
	for i, f := range files {
		out[i].File = f.Path
	}
	// The goroutines stop on stop, closed on return, rather than on a
	// context of their own: the store is given ctx as it is, since a
	// cancellable context costs database/sql and the SQLite driver a
	// goroutine per statement.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer close(stop)

	type job struct {
		i    int
		done chan *pending
	}
	// Importing reports does not change the units directory: one
	// Suggester serves every file (when reading the directory fails,
	// each file tries again, and fails on its own).
	sg, _ := im.suggester(ctx)
	workers := im.workers()
	jobs := make(chan job)
	// queue holds the jobs handed out, in file order; its capacity bounds
	// how far extraction runs ahead of saving.
	queue := make(chan job, 2*workers)
	wg.Go(func() {
		defer close(queue)
		defer close(jobs)
		for i := range files {
			j := job{i, make(chan *pending, 1)}
			select {
			case queue <- j:
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				j.done <- nil
				return
			case <-ctx.Done():
				j.done <- nil
				return
			}
		}
	})
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				j.done <- im.prepareFile(ctx, files[j.i], sg)
			}
		})
	}

	next := 0 // the first file not done
	for j := range queue {
		p := <-j.done
		if p == nil || ctx.Err() != nil {
			break
		}
		res, err := im.storeReport(ctx, p)
		out[j.i] = FileResult{ReportResult: res, Err: err}
		if err != nil && ctx.Err() != nil {
			break // cancelled while saving: reported below
		}
		next = j.i + 1
		if each != nil {
			each(j.i, out[j.i])
		}
	}
	if err := ctx.Err(); err != nil && next < len(files) {
		for i := next; i < len(files); i++ {
			out[i] = FileResult{ReportResult: ReportResult{File: files[i].Path}, Err: fileError(files[i].Path, err)}
		}
		return out, err
	}
	return out, nil
}

// workers is how many files ImportReports extracts at a time.
func (im *Importer) workers() int {
	if im.Workers > 0 {
		return im.Workers
	}
	return max(1, runtime.GOMAXPROCS(0)-1)
}

// prepareFile reads and extracts a file of ImportReports ahead of its
// turn to be stored. A file already in the ledger is only read: it is
// most likely unchanged, which storeReport decides in its turn (and
// extracts it then if it is not).
func (im *Importer) prepareFile(ctx context.Context, f ReportFile, sg *ledger.Suggester) *pending {
	p := im.readReport(f.Path, f.Options)
	p.suggester = sg
	if p.err != nil || ctx.Err() != nil {
		return p
	}
	if _, err := im.Store.ReportByChecksum(ctx, p.checksum); err == nil {
		return p
	}
	im.extractReport(ctx, p)
	return p
}
