// A small launcher for Atlas's PostgreSQL engine (the ariga.io/atlas library: its inspector,
// differ and planner), with the part of the `atlas` command line that schemaop uses:
//
//	atlas version
//	atlas schema diff --from URL --to URL|file://DIR [--dev-url URL] [--exclude GLOB]...
//
// Atlas's own command module (ariga.io/atlas/cmd/atlas) is not served by the module proxy this
// project builds from, so the engine is driven from here; the statements printed are the ones the
// library plans, as `atlas schema diff` would print them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlclient"
	_ "github.com/lib/pq"
)

const syncedMessage = "Schemas are synced, no changes to be made."

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	switch {
	case len(args) == 1 && args[0] == "version":
		fmt.Fprintf(out, "atlas version %s (schemaop launcher over the ariga.io/atlas library)\n", libraryVersion())
		return nil
	case len(args) >= 2 && args[0] == "schema" && args[1] == "diff":
		return schemaDiff(ctx, args[2:], out)
	default:
		return fmt.Errorf("unsupported command %q: this launcher implements `atlas version` and `atlas schema diff`", strings.Join(args, " "))
	}
}

func libraryVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "ariga.io/atlas" {
				return d.Version
			}
		}
	}
	return "unknown"
}

type globs []string

func (g *globs) String() string     { return strings.Join(*g, ",") }
func (g *globs) Set(v string) error { *g = append(*g, strings.Split(v, ",")...); return nil }

func schemaDiff(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("schema diff", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	from := fs.String("from", "", "URL of the current state (a database)")
	to := fs.String("to", "", "URL of the desired state (a database, or file://DIR of .sql files)")
	dev := fs.String("dev-url", "", "URL of an empty dev database (needed when --to is file://)")
	var exclude globs
	fs.Var(&exclude, "exclude", "glob of schemas or schema.table to leave out (repeatable)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("schema diff: %w", err)
	}
	if *from == "" || *to == "" {
		return errors.New("schema diff: --from and --to are required")
	}
	current, closeFrom, err := inspectURL(ctx, *from, exclude)
	if err != nil {
		return err
	}
	defer closeFrom()
	var desired *schema.Realm
	if strings.HasPrefix(*to, "file://") {
		if *dev == "" {
			return errors.New("schema diff: --to file:// needs --dev-url, an empty database to load the files into")
		}
		desired, err = loadFiles(ctx, strings.TrimPrefix(*to, "file://"), *dev, exclude)
	} else {
		var closeTo func()
		desired, closeTo, err = inspectURL(ctx, *to, exclude)
		if closeTo != nil {
			defer closeTo()
		}
	}
	if err != nil {
		return err
	}
	// The plan is made by the driver of the current side: its server version decides the syntax.
	client, err := sqlclient.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("connecting to %s: %w", redact(*from), err)
	}
	defer client.Close()
	changes, err := client.RealmDiff(current, desired)
	if err != nil {
		return fmt.Errorf("diffing: %w", err)
	}
	if len(changes) == 0 {
		fmt.Fprintln(out, syncedMessage)
		return nil
	}
	plan, err := client.PlanChanges(ctx, "schema_diff", changes)
	if err != nil {
		return fmt.Errorf("planning: %w", err)
	}
	for _, c := range plan.Changes {
		if c.Comment != "" {
			fmt.Fprintf(out, "-- %s\n", capitalize(c.Comment))
		}
		fmt.Fprintf(out, "%s;\n", c.Cmd)
	}
	return nil
}

// inspectURL inspects the realm (all schemas) of a database, or the one schema its URL names.
func inspectURL(ctx context.Context, raw string, exclude []string) (*schema.Realm, func(), error) {
	client, err := sqlclient.Open(ctx, raw)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to %s: %w", redact(raw), err)
	}
	opts := &schema.InspectRealmOption{Exclude: exclude}
	if client.URL.Schema != "" {
		opts.Schemas = []string{client.URL.Schema}
	}
	r, err := client.InspectRealm(ctx, opts)
	if err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("inspecting %s: %w", redact(raw), err)
	}
	return r, func() { client.Close() }, nil
}

// loadFiles runs the .sql files of dir (in name order) in the dev database, inspects the result
// and restores the dev database to the empty state it was found in.
func loadFiles(ctx context.Context, dir, devURL string, exclude []string) (_ *schema.Realm, rerr error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .sql files in %s", dir)
	}
	sort.Strings(files)
	client, err := sqlclient.Open(ctx, devURL)
	if err != nil {
		return nil, fmt.Errorf("connecting to the dev database %s: %w", redact(devURL), err)
	}
	defer client.Close()
	snap, ok := client.Driver.(migrate.Snapshoter)
	if !ok {
		return nil, errors.New("the dev database driver cannot snapshot")
	}
	restore, err := snap.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("the dev database must be empty: %w", err)
	}
	defer func() {
		if err := restore(ctx); err != nil && rerr == nil {
			rerr = fmt.Errorf("cleaning the dev database: %w", err)
		}
	}()
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		// One simple-protocol query per file: PostgreSQL runs its statements as one transaction.
		if _, err := client.ExecContext(ctx, string(text)); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	r, err := client.InspectRealm(ctx, &schema.InspectRealmOption{Exclude: exclude})
	if err != nil {
		return nil, fmt.Errorf("inspecting the dev database: %w", err)
	}
	return r, nil
}

// redact hides the password of a URL in messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the database URL"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return strings.Replace(u.String(), "%2A%2A%2A", "***", 1)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// The postgres driver registers itself with sqlclient when imported.
var _ = postgres.DriverName
