package report

import (
	"errors"
	"io"
	"maps"
	"net/http"
	"strings"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/web"
)

// pastedName stands for the file name of an e-mail that was pasted, not uploaded.
const pastedName = "Pasted into the form"

// reportDetailsView asks the questions of the report's kind; for an e-mail,
// it also takes the e-mail itself, uploaded or pasted.
type reportDetailsView struct {
	web.Layout
	Report  report.Report
	Fields  []report.Field
	Answers report.Details // what was saved, or what was just typed
	Change  bool           // came from "Check your answers": go back there after
	DoNow   []string       // for urgent kinds, shown before the questions
	Phone   string         // the service desk's, a tel: link wherever DoNow says it
}

// Value is the answer to a question, for the form.
func (v *reportDetailsView) Value(name string) string { return v.Answers.Value(name) }

// Checked says whether an option was chosen.
func (v *reportDetailsView) Checked(name, value string) bool { return v.Answers.Has(name, value) }

func (h *Pages) newDetailsView(r *http.Request, sc vigil.Scope, d report.Report, answers report.Details) reportDetailsView {
	v := reportDetailsView{Layout: h.Layout(r, d.Kind.Title()), Report: d, Fields: d.Kind.Fields(), Answers: answers,
		Change: r.FormValue("change") != ""}
	if d.Kind.Urgent() {
		v.Phone = h.orgSettings(r, sc).ServiceDeskPhone
		v.DoNow = d.Kind.DoNow(v.Phone, nil)
	}
	v.Back = "/report/" + d.ID + "/kind"
	if v.Change {
		v.Back = "/report/" + d.ID + "/check"
	}
	return v
}

func (h *Pages) reportDetailsForm(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	v := h.newDetailsView(r, sc, d, d.Details)
	h.render(w, r, http.StatusOK, "details", &v)
}

func (h *Pages) reportDetailsSave(w http.ResponseWriter, r *http.Request, sc vigil.Scope) {
	d, ok := h.draft(w, r, sc)
	if !ok {
		return
	}
	// Read the whole form, files and answers; the CSRF check may not have.
	if err := r.ParseMultipartForm(web.MaxRequestBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.Fail(w, r, vigil.Errorf(vigil.Invalid, "The form could not be read. Go back and try again."))
		return
	}
	problems := map[string]string{}
	// noteProblems keeps a form's problems for the page, or says the error is not the form's.
	noteProblems := func(err error) bool {
		var ve *vigil.Error
		if errors.As(err, &ve) && ve.Code == vigil.Invalid {
			maps.Copy(problems, ve.Fields)
			return true
		}
		h.Fail(w, r, err)
		return false
	}
	if d.Kind == report.Email {
		raw, name, err := uploadedEmail(r)
		switch {
		case err != nil:
			problems["file"] = "The file could not be read. Try again, or paste the e-mail instead."
		case raw != nil && name != pastedName && !looksLikeEmail(raw):
			// Not the e-mail itself: perhaps a screenshot, or the text copied into a document.
			problems["file"] = "That file does not look like an e-mail. Save the e-mail itself (in Outlook, drag it to your desktop), or paste the e-mail into the box below instead."
		case raw != nil:
			attached, err := h.journey.AttachEmail(r.Context(), sc, d.ID, raw, name)
			if err != nil && !noteProblems(err) {
				return
			}
			if err == nil {
				d = attached
			}
		case !d.HasEmail:
			problems["file"] = "Upload the e-mail, or paste it."
		}
	}
	if _, err := h.journey.SaveDetails(r.Context(), sc, d.ID, r.PostForm); err != nil && !noteProblems(err) {
		return
	}
	if len(problems) > 0 {
		v := h.newDetailsView(r, sc, d, typedAnswers(d.Kind, r.PostForm))
		v.SetErrors(vigil.InvalidFields("", problems))
		h.render(w, r, http.StatusUnprocessableEntity, "details", &v)
		return
	}
	// Reports carry the reporter's name unless they choose otherwise: where
	// anonymity is allowed, the check page offers it, saving a page on a phone.
	http.Redirect(w, r, "/report/"+d.ID+"/check", http.StatusSeeOther)
}

// typedAnswers keeps what was typed, to show the form again with its problems.
func typedAnswers(k report.Kind, form map[string][]string) report.Details {
	d := report.Details{}
	for _, f := range k.Fields() {
		if vs := form[f.Name]; len(vs) > 0 {
			d[f.Name] = strings.Join(vs, ",")
			if f.Input != report.Radios && f.Input != report.Checkboxes {
				d[f.Name] = vs[0]
			}
		}
	}
	return d
}

// uploadedEmail is the e-mail file, or else the pasted text; nil when neither was given.
func uploadedEmail(r *http.Request) ([]byte, string, error) {
	file, header, err := r.FormFile("file")
	switch {
	case err == nil:
		defer file.Close()
		// One byte over the limit, so the store can say it is too large.
		raw, err := io.ReadAll(io.LimitReader(file, report.MaxEmailBytes+1))
		return raw, header.Filename, err
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		if pasted := r.PostFormValue("pasted"); strings.TrimSpace(pasted) != "" {
			return []byte(pasted), pastedName, nil
		}
		return nil, "", nil
	}
	return nil, "", err
}

// looksLikeEmail says whether an uploaded file is an e-mail Vigil can read.
func looksLikeEmail(raw []byte) bool {
	ok, _ := email.LooksLikeEmail(raw)
	return ok
}
