/* diagnose — what an editor plugin does with libimpgraph, as a command:
 * builds the project's import graph once, asks for suggestions, and prints
 * the diagnostics of one file as an editor would show them.
 *
 *   diagnose PROJECT_ROOT FILE [--console-script NAME] [--profile PROFILE.json]
 *
 * Each diagnostic is one line, ranges 1-based as compilers print them
 * (line:column, the column in UTF-16 code units + 1, which is what editors
 * count), then its fix, one line per text edit:
 *
 *   src/taskcli/cli.py:5:15-5:24: information [split-subcommands] move ...
 *     fix: 5:1-6:1 "from . import sync\n"
 *
 * Build against the installed library:
 *   cc -std=c11 diagnose.c $(pkg-config --cflags --libs impgraph) -o diagnose
 * (or docs/examples/CMakeLists.txt, or docs/examples/Makefile). */
#include <impgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void) {
  fprintf(stderr, "usage: diagnose PROJECT_ROOT FILE [--console-script NAME] "
                  "[--profile PROFILE.json]\n");
  return 2;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *data = malloc(cap);
  size_t got;
  while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *grown = realloc(data, cap *= 2);
      if (!grown)
        free(data);
      data = grown;
    }
  }
  fclose(f);
  *len = n;
  return data;
}

static const char *severity_name(impgraph_editor_severity severity) {
  switch (severity) {
  case IMPGRAPH_EDITOR_SEVERITY_ERROR: return "error";
  case IMPGRAPH_EDITOR_SEVERITY_WARNING: return "warning";
  case IMPGRAPH_EDITOR_SEVERITY_INFORMATION: return "information";
  case IMPGRAPH_EDITOR_SEVERITY_HINT: return "hint";
  }
  return "?";
}

/* A C string literal of `text` (newlines and quotes escaped). */
static void print_quoted(const char *text) {
  putchar('"');
  for (const char *p = text; *p; p++) {
    if (*p == '\n')
      fputs("\\n", stdout);
    else if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static void print_range(const impgraph_editor_range *r) {
  printf("%u:%u-%u:%u", r->start.line + 1, r->start.utf16_column + 1, r->end.line + 1,
         r->end.utf16_column + 1);
}

static void print_diagnostics(const char *file, const impgraph_editor_diagnostics *diags) {
  for (size_t i = 0; i < impgraph_editor_diagnostics_count(diags); i++) {
    const impgraph_editor_diagnostic *d = impgraph_editor_diagnostics_get(diags, i);
    printf("%s:", file);
    print_range(&d->range);
    printf(": %s [%s] %s\n", severity_name(d->severity), d->code, d->message);
    for (size_t k = 0; k < d->fix_count; k++) {
      printf("  fix: ");
      print_range(&d->fixes[k].range);
      putchar(' ');
      print_quoted(d->fixes[k].new_text);
      putchar('\n');
    }
  }
}

typedef struct args {
  const char *root, *file, *script, *profile;
} args;

static int parse_args(args *a, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--console-script") == 0 && i + 1 < argc)
      a->script = argv[++i];
    else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
      a->profile = argv[++i];
    else if (argv[i][0] == '-')
      return -1;
    else if (!a->root)
      a->root = argv[i];
    else if (!a->file)
      a->file = argv[i];
    else
      return -1;
  }
  return a->root && a->file ? 0 : -1;
}

/* The graph of the project (its console script, or every module), with the
   profile attached when one is given. */
static int build(impgraph_graph **graph, const args *a, impgraph_error *err) {
  impgraph_graph_options opts;
  impgraph_graph_options_init(&opts, IMPGRAPH_GRAPH_OPTIONS_VERSION);
  const char *roots[] = {a->root};
  const char *scripts[] = {a->script};
  opts.roots = roots;
  opts.root_count = 1;
  if (a->script) {
    opts.console_scripts = scripts;
    opts.console_script_count = 1;
  }
  int rc = impgraph_graph_build(graph, &opts, err);
  if (rc || !a->profile)
    return rc;
  impgraph_profile *profile = NULL;
  if (!(rc = impgraph_profile_load(&profile, a->profile, err)))
    rc = impgraph_graph_attach_profile(*graph, profile, err);
  impgraph_profile_free(profile);
  return rc;
}

int main(int argc, char **argv) {
  args a;
  if (parse_args(&a, argc, argv))
    return usage();
  size_t len = 0;
  char *text = read_file(a.file, &len);
  if (!text) {
    fprintf(stderr, "diagnose: cannot read %s\n", a.file);
    return 1;
  }
  impgraph_error err;
  impgraph_graph *graph = NULL;
  impgraph_suggestions *suggestions = NULL;
  impgraph_editor_diagnostics *diags = NULL;
  impgraph_suggest_options sopts;
  impgraph_suggest_options_init(&sopts, IMPGRAPH_SUGGEST_OPTIONS_VERSION);
  sopts.project_root = a.root;
  int rc = build(&graph, &a, &err);
  if (!rc)
    rc = impgraph_suggest(&suggestions, graph, &sopts, &err);
  /* In an editor, `text` is the unsaved buffer: here, the file itself. */
  if (!rc)
    rc = impgraph_editor_diagnostics_new(&diags, graph, suggestions, a.file, text, len, NULL, &err);
  if (rc)
    fprintf(stderr, "diagnose: %s\n", err.message);
  else
    print_diagnostics(a.file, diags);
  impgraph_editor_diagnostics_free(diags);
  impgraph_suggestions_free(suggestions);
  impgraph_graph_free(graph);
  free(text);
  return rc ? 1 : 0;
}
