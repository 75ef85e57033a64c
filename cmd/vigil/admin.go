package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// openServices parses the common database flags and opens Vigil's services on an
// existing database. Flags may come before or after the file names, which are left in fs.Args.
func openServices(ctx context.Context, s streams, name string, args []string, extra func(fs *flag.FlagSet)) (*app.Services, *flag.FlagSet, error) {
	fs := newFlags(name, s)
	cfg := app.ConfigFlags(fs)
	if extra != nil {
		extra(fs)
	}
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
		return nil, nil, err
	}
	if err := cfg.Load(fs, os.Getenv); err != nil {
		return nil, nil, err
	}
	svc, err := app.Open(ctx, *cfg)
	if err != nil {
		return nil, nil, err
	}
	return svc, fs, nil
}

func runMigrate(ctx context.Context, s streams, args []string) error {
	fs := newFlags("migrate", s)
	cfg := app.ConfigFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := cfg.Load(fs, os.Getenv); err != nil {
		return err
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Create: true})
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	current, _, _, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "%d migration(s) applied; schema at version %d (%s)\n", n, current, db.Where)
	return nil
}

func runBackup(ctx context.Context, s streams, args []string) error {
	svc, fs, err := openServices(ctx, s, "backup", args, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 1 {
		return usageErrorf("give the backup file: vigil backup [--data DIR] FILE")
	}
	if err := svc.DB.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "backed up %s to %s\n", svc.DB.Where, fs.Arg(0))
	return nil
}

func runToken(ctx context.Context, s streams, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usageErrorf("vigil token create --org CODE --name NAME [--scope SCOPE …]")
	}
	var code, name string
	var scopes listFlag
	svc, fs, err := openServices(ctx, s, "token create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
		fs.StringVar(&name, "name", "", "what will use the token")
		fs.Var(&scopes, "scope", "permission to grant (repeatable); default "+joinPerms(auth.DefaultTokenScopes))
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if code == "" || name == "" || fs.NArg() > 0 {
		return usageErrorf("vigil token create --org CODE --name NAME [--scope SCOPE …]")
	}
	var perms []vigil.Permission
	for _, sc := range scopes {
		p, err := vigil.ParsePermission(sc)
		if err != nil {
			return usageErrorf("%v", err)
		}
		perms = append(perms, p)
	}
	_, operator, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	secret, _, err := svc.Auth.CreateToken(ctx, operator, name, perms)
	if err != nil {
		return err
	}
	fmt.Fprintln(s.out, secret)
	return nil
}

func runUser(ctx context.Context, s streams, args []string) error {
	usage := usageErrorf("vigil user add --org CODE --email E --name N --job-role R [--role R …] | vigil user password --email E (reads the password from standard input) | vigil user import --org CODE FILE.csv")
	if len(args) == 0 {
		return usage
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, s, args[1:])
	case "password":
		return userPassword(ctx, s, args[1:])
	case "import":
		return userImport(ctx, s, args[1:])
	}
	return usage
}

func userAdd(ctx context.Context, s streams, args []string) error {
	var code, email, name, job string
	var roles listFlag
	svc, _, err := openServices(ctx, s, "user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
		fs.StringVar(&email, "email", "", "work e-mail address")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&job, "job-role", "", "job role, e.g. nurse-midwife")
		fs.Var(&roles, "role", "Vigil role (repeatable), e.g. org-admin")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	o, operator, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	u, err := svc.Orgs.CreateUser(ctx, operator, org.PersonDetails{Email: email, Name: name, JobRole: job, Roles: roles})
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "added %s <%s> to %s; set a password with: vigil user password --email %s\n", u.Name, u.Email, o.Code, u.Email)
	return nil
}

func userPassword(ctx context.Context, s streams, args []string) error {
	var email string
	svc, _, err := openServices(ctx, s, "user password", args, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the person's e-mail address")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	line, err := bufio.NewReader(s.in).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if (err != nil && line == "") || line == "" {
		return usageErrorf("type the new password on standard input")
	}
	if err := svc.Auth.SetPasswordByEmail(ctx, email, line); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "password set for %s; they have been signed out everywhere\n", email)
	return nil
}

func userImport(ctx context.Context, s streams, args []string) error {
	var code string
	svc, fs, err := openServices(ctx, s, "user import", args, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "org", "", "organisation code")
	})
	if err != nil {
		return err
	}
	defer svc.Close()
	if fs.NArg() != 1 {
		return usageErrorf("vigil user import --org CODE FILE.csv")
	}
	_, operator, err := operator(ctx, svc, code)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := svc.Orgs.ImportCSV(ctx, operator, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "%d added, %d updated, %d teams created\n", res.Added, res.Updated, len(res.TeamsCreated))
	return nil
}

func runVersion(ctx context.Context, s streams, args []string) error {
	fmt.Fprintf(s.out, "vigil %s\n", app.Version)
	return nil
}

func joinPerms(ps []vigil.Permission) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ",")
}

// operator is the command line's scope in the organisation --org names.
func operator(ctx context.Context, svc *app.Services, code string) (org.Organisation, vigil.Scope, error) {
	if code == "" {
		return org.Organisation{}, vigil.Scope{}, usageErrorf("give the organisation with --org CODE")
	}
	return svc.Operator(ctx, code)
}
