/* unit.binary — the generator signatures read from extension module
   binaries (resolve/binary.c): Cython's `cython_runtime` and shared ABI
   module, mypyc shims' group library, the near misses that must not count,
   and the object-file checks (empty, truncated, other formats). Buffers are
   built here: a minimal ELF64 header followed by C strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolve/resolve.h"

typedef struct blob {
  unsigned char data[4096];
  size_t len;
} blob;

/* An ELF64 little-endian header with no program or section headers. */
static void elf(blob *b) {
  memset(b, 0, sizeof *b);
  memcpy(b->data, "\177ELF", 4);
  b->data[4] = 2; /* ELFCLASS64 */
  b->data[5] = 1; /* little-endian */
  b->data[6] = 1;
  b->len = 64;
}

/* Appends the C string s, NUL included. */
static void str(blob *b, const char *s) {
  size_t n = strlen(s) + 1;
  assert_true(b->len + n <= sizeof b->data);
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

typedef struct scanned {
  ipg_arena arena;
  ipg_binary_imports out;
  const char *problem;
} scanned;

static void scan(scanned *s, const blob *b, const char *module) {
  ipg_arena_init(&s->arena);
  assert_int_equal(
      ipg_binary_imports_scan(&s->out, &s->arena, b->data, b->len, module, &s->problem), 0);
}

/* "name:how,..." (how: r = register, i = import). */
static const char *found(const scanned *s, char *buf, size_t size) {
  buf[0] = '\0';
  for (size_t i = 0; i < s->out.count; i++) {
    size_t used = strlen(buf);
    snprintf(buf + used, size - used, "%s%s:%c", i ? "," : "", s->out.items[i].name,
             s->out.items[i].how == IPG_NATIVE_REGISTER ? 'r' : 'i');
  }
  return buf;
}

static void done(scanned *s) {
  ipg_arena_free(&s->arena);
}

static void test_cython3(void **state) {
  (void)state;
  blob b;
  elf(&b);
  str(&b, "builtins");
  str(&b, "cython_runtime");
  str(&b, "__builtins__");
  str(&b, "_cython_3_1_4.cython_function_or_method"); /* a type name: not taken */
  str(&b, "_cython_3_1_4");
  scanned s;
  char buf[256];
  scan(&s, &b, "yaml._yaml");
  assert_null(s.problem);
  assert_string_equal(s.out.generator, "Cython");
  assert_string_equal(found(&s, buf, sizeof buf), "cython_runtime:r,_cython_3_1_4:r");
  done(&s);
}

static void test_cython_abi_suffixes(void **state) {
  (void)state;
  blob b;
  elf(&b);
  str(&b, "cython_runtime");
  str(&b, "_cython_3_1_0limited_fastcall");
  scanned s;
  char buf[256];
  scan(&s, &b, "m");
  assert_string_equal(found(&s, buf, sizeof buf),
                      "cython_runtime:r,_cython_3_1_0limited_fastcall:r");
  done(&s);
  /* Cython 0.29 without shared types: cython_runtime only. */
  elf(&b);
  str(&b, "cython_runtime");
  str(&b, "init yaml._yaml");
  str(&b, "yaml._yaml.CParser.__reduce_cython__");
  scan(&s, &b, "yaml._yaml");
  assert_string_equal(found(&s, buf, sizeof buf), "cython_runtime:r");
  done(&s);
  /* "_cython_" then no digit, an ABI name inside a longer string. */
  elf(&b);
  str(&b, "cython_runtime");
  str(&b, "_cython_coroutine_type");
  str(&b, "x_cython_3_0_11");
  str(&b, "grpc._cython_3_0_11");
  scan(&s, &b, "m");
  assert_string_equal(found(&s, buf, sizeof buf), "cython_runtime:r");
  done(&s);
}

static void test_cython_near_misses(void **state) {
  (void)state;
  blob b;
  elf(&b);
  str(&b, "__pyx_cython_runtime"); /* symbol names, not the literal */
  str(&b, "cython_runtime_dict");
  str(&b, "mod.cython_runtime");
  str(&b, "_cython_3_1_4"); /* without cython_runtime: not a Cython binary */
  scanned s;
  char buf[256];
  scan(&s, &b, "m");
  assert_null(s.problem);
  assert_null(s.out.generator);
  assert_string_equal(found(&s, buf, sizeof buf), "");
  done(&s);
  /* Not NUL-terminated: the end of the buffer. */
  elf(&b);
  memcpy(b.data + b.len, "\0cython_runtime", 15);
  b.len += 15;
  scan(&s, &b, "m");
  assert_int_equal(s.out.count, 0);
  done(&s);
}

static void test_mypyc_shim(void **state) {
  (void)state;
  blob b;
  elf(&b);
  str(&b, "81d243bd2c585b0f4821__mypyc");
  str(&b, "init_charset_normalizer___md");
  str(&b, "81d243bd2c585b0f4821__mypyc.init_charset_normalizer___md");
  scanned s;
  char buf[256];
  scan(&s, &b, "charset_normalizer.md");
  assert_null(s.problem);
  assert_string_equal(s.out.generator, "mypyc");
  assert_string_equal(found(&s, buf, sizeof buf), "81d243bd2c585b0f4821__mypyc:i");
  done(&s);
  /* Keyed by the module's own name: another module's shim, the group
     library itself (capsule names of its modules), say nothing. */
  scan(&s, &b, "charset_normalizer.cd");
  assert_int_equal(s.out.count, 0);
  done(&s);
  scan(&s, &b, "81d243bd2c585b0f4821__mypyc");
  assert_int_equal(s.out.count, 0);
  done(&s);
  /* The capsule name without the library's own string: not a shim. */
  elf(&b);
  str(&b, "81d243bd2c585b0f4821__mypyc.init_charset_normalizer___md");
  scan(&s, &b, "charset_normalizer.md");
  assert_int_equal(s.out.count, 0);
  done(&s);
}

static void test_mypyc_names(void **state) {
  (void)state;
  blob b;
  scanned s;
  char buf[256];
  /* A dotted group library (separate compilation), PyCapsule_Import form. */
  elf(&b);
  str(&b, "faster_ens.abis__mypyc");
  str(&b, "faster_ens.abis__mypyc.init_faster_ens___abis");
  scan(&s, &b, "faster_ens.abis");
  assert_string_equal(found(&s, buf, sizeof buf), "faster_ens.abis__mypyc:i");
  done(&s);
  /* exported_name(): "___" -> "___3_" before "." -> "___". */
  elf(&b);
  str(&b, "lib__mypyc");
  str(&b, "lib__mypyc.init_a___3_b___c");
  scan(&s, &b, "a___b.c");
  assert_string_equal(found(&s, buf, sizeof buf), "lib__mypyc:i");
  done(&s);
  scan(&s, &b, "a.b.c");
  assert_int_equal(s.out.count, 0);
  done(&s);
  /* A longer module name ending the same way is another module. */
  elf(&b);
  str(&b, "lib__mypyc");
  str(&b, "lib__mypyc.init_xpkg___mod");
  scan(&s, &b, "pkg.mod");
  assert_int_equal(s.out.count, 0);
  done(&s);
}

static void test_object_problems(void **state) {
  (void)state;
  scanned s;
  blob b;
  memset(&b, 0, sizeof b);
  scan(&s, &b, "m");
  assert_string_equal(s.problem, "empty file, not a shared library");
  done(&s);
  b.len = 30;
  memcpy(b.data, "cython_runtime\0plain text", 25);
  scan(&s, &b, "m");
  assert_non_null(strstr(s.problem, "not a shared library"));
  assert_int_equal(s.out.count, 0);
  done(&s);
  /* ELF: a short header, a section table past the end. */
  elf(&b);
  b.len = 40;
  scan(&s, &b, "m");
  assert_string_equal(s.problem, "truncated ELF header");
  done(&s);
  elf(&b);
  str(&b, "cython_runtime");
  b.data[40] = 0x00; /* e_shoff = 0x1000 */
  b.data[41] = 0x10;
  b.data[58] = 64; /* e_shentsize */
  b.data[60] = 3;  /* e_shnum */
  scan(&s, &b, "m");
  assert_non_null(strstr(s.problem, "section headers end past the end"));
  assert_int_equal(s.out.count, 0);
  done(&s);
  /* Program headers past the end. */
  elf(&b);
  b.data[32] = 64; /* e_phoff */
  b.data[54] = 56; /* e_phentsize */
  b.data[56] = 9;  /* e_phnum */
  scan(&s, &b, "m");
  assert_non_null(strstr(s.problem, "program headers end past the end"));
  done(&s);
  /* Mach-O 64 (little-endian) whose load commands fit, then do not. */
  memset(&b, 0, sizeof b);
  memcpy(b.data, "\xcf\xfa\xed\xfe", 4);
  b.len = 32;
  str(&b, "cython_runtime");
  b.data[20] = 15; /* sizeofcmds */
  scan(&s, &b, "m");
  assert_null(s.problem);
  assert_int_equal(s.out.count, 1);
  done(&s);
  b.data[20] = 200;
  scan(&s, &b, "m");
  assert_non_null(strstr(s.problem, "truncated Mach-O"));
  done(&s);
  /* PE: MZ, e_lfanew, "PE\0\0". */
  memset(&b, 0, sizeof b);
  b.data[0] = 'M';
  b.data[1] = 'Z';
  b.data[0x3c] = 0x40;
  memcpy(b.data + 0x40, "PE\0\0", 4);
  b.len = 0x40 + 24;
  str(&b, "cython_runtime");
  scan(&s, &b, "m");
  assert_null(s.problem);
  assert_int_equal(s.out.count, 1);
  done(&s);
  b.data[0x3c] = 0xf0;
  scan(&s, &b, "m");
  assert_non_null(strstr(s.problem, "PE"));
  done(&s);
}

static void test_read_file(void **state) {
  (void)state;
  char dir[] = "/tmp/impgraph-binary-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/m.so", dir);
  blob b;
  elf(&b);
  str(&b, "cython_runtime");
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
  fclose(f);
  ipg_arena arena;
  ipg_arena_init(&arena);
  ipg_binary_imports out;
  impgraph_error err;
  assert_int_equal(ipg_binary_imports_read(&out, &arena, path, "m", &err), 0);
  assert_int_equal(out.count, 1);
  assert_string_equal(out.items[0].name, "cython_runtime");
  /* Truncated to 20 bytes: an error naming the problem. */
  assert_int_equal(truncate(path, 20), 0);
  assert_int_equal(ipg_binary_imports_read(&out, &arena, path, "m", &err), IMPGRAPH_EIO);
  assert_string_equal(err.message, "truncated ELF header");
  assert_int_equal(out.count, 0);
  /* A directory, a missing file. */
  assert_int_equal(ipg_binary_imports_read(&out, &arena, dir, "m", &err), IMPGRAPH_EIO);
  assert_string_equal(err.message, "not a regular file");
  assert_int_equal(unlink(path), 0);
  assert_int_equal(ipg_binary_imports_read(&out, &arena, path, "m", &err), IMPGRAPH_EIO);
  assert_non_null(strstr(err.message, "cannot open"));
  assert_int_equal(rmdir(dir), 0);
  ipg_arena_free(&arena);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_cython3),
      cmocka_unit_test(test_cython_abi_suffixes),
      cmocka_unit_test(test_cython_near_misses),
      cmocka_unit_test(test_mypyc_shim),
      cmocka_unit_test(test_mypyc_names),
      cmocka_unit_test(test_object_problems),
      cmocka_unit_test(test_read_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
