;; The pre-filter's test (prefilter.ts, mightConfigureCelery) on a file's
;; UTF-8 bytes, before they are decoded: four in five files are turned down
;; here and never decoded. It answers 0 (no: the text test would say no),
;; 1 (yes: the text test would say yes) or 2 (undecided: decode the file and
;; ask the text test), and says 2 wherever the text test's answer takes more
;; than these bytes show: a line break other than `\n`, a non-ASCII
;; character where `\s` is read (a Unicode space: after a setting name or `app.conf`),
;; nesting deeper than its stack. Setting-shaped names on indented lines are
;; judged here too (settingOutsideFunctions): left to the text test, the
;; 2,214 files of the survey that have one (40 MB) took 790 ms there.
;;
;; Valid UTF-8 holds an ASCII byte only where its text holds that ASCII
;; character, so an ASCII pattern matches the bytes where it matches the text.
;; Past the end of the file the caller puts 32 zero bytes: NUL is neither a
;; word character, nor a space, nor any pattern's byte, so every pattern stops
;; there as it stops at the text's end.
;;
;; Words (WORDS) are found with 16 bytes at a time: each byte's two halves
;; pick, in tables of 16 bytes (i8x16.swizzle), the groups of words whose
;; first, second and third bytes they can be; a position where all three
;; agree is compared in full. The tables and the words are written into
;; memory by tables.ts from prefilter-words.ts, so the lists live in one place.
;;
;; The module is the fields of this folder's files, this one first
;; (scripts/build-wasm.js puts them in one `(module ...)`): the layout and
;; the helpers here, then the others by name: words.wat (the word pass),
;; lines.wat (the line pass), indented-settings.wat (settingOutsideFunctions).
  (memory (export "memory") 1)

  ;; Memory layout (tables.ts writes the first four):
  ;; 0: six 16-byte tables: first byte's low halves, its high halves, then the second's and the third's.
  (global (export "fingerprints") i32 (i32.const 0))
  ;; 128: one 16-byte entry per word: address, length, anchor (where its first three bytes start), byte 12: its group's bit, byte 13: 1 a word, 2 `app.conf` (APP_CONF: `\s*` and `.` or `[` must follow).
  (global (export "needles") i32 (i32.const 128))
  ;; 512: 256 bytes: for a hash of a line's first four bytes, 1 + the setting name's index, or 0.
  (global (export "nameSlots") i32 (i32.const 512))
  ;; 768: one 16-byte entry per setting-shaped name: address, length, 1 for a prefix (`_` and a word follow).
  (global (export "names") i32 (i32.const 768))
  ;; 2048: the bytes of the words and names.
  (global (export "strings") i32 (i32.const 2048))
  ;; 4096: the stack of enclosing `def` and `class` lines (settingOutsideFunctions), 1,024 of them.
  ;; 8192: the file's bytes, then 32 zero bytes.
  (global (export "input") i32 (i32.const 8192))
  (global (export "padding") i32 (i32.const 32))

  (global $needleCount (mut i32) (i32.const 0))
  (global $multiplier (mut i32) (i32.const 0))
  ;; Where the last line with a setting-shaped name on it begins (linesVerdict).
  (global $lastSettingLine (mut i32) (i32.const 0))

  ;; 1536: Python's own words, at fixed addresses.
  (global (export "literals") i32 (i32.const 1536))
  (data (i32.const 1536) "from")
  (data (i32.const 1540) "import")
  (data (i32.const 1546) "configurations")
  (data (i32.const 1560) ".task")
  (data (i32.const 1565) "async")
  (data (i32.const 1570) "def")
  (data (i32.const 1573) "class")
  ;; 1584: where a block's group bits are stored to be read one by one.
  ;; 1600: kombu's classes, whose instances are settings' values (FIELD_DECLARATION).
  (data (i32.const 1600) "Queue")
  (data (i32.const 1605) "Exchange")
  (data (i32.const 1613) "Broadcast")

  (func (export "configure") (param $needleCount i32) (param $multiplier i32)
    (global.set $needleCount (local.get $needleCount))
    (global.set $multiplier (local.get $multiplier)))

  ;; The answer for the bytes from $start to $end.
  (func (export "scan") (param $start i32) (param $end i32) (result i32)
    (local $words i32)
    (local $lines i32)
    (local.set $words (call $wordsVerdict (local.get $start) (local.get $end)))
    (if (local.get $words) (then (return (local.get $words))))
    (local.set $lines (call $linesVerdict (local.get $start) (local.get $end)))
    (if (i32.eq (local.get $lines) (i32.const 3))
      (then (return (call $settingOutsideFunctions (local.get $start) (local.get $end) (global.get $lastSettingLine)))))
    (local.get $lines))

  ;; [A-Za-z0-9_], as `\w` without the `u` flag.
  (func $isWord (param $c i32) (result i32)
    (i32.or
      (i32.or
        (i32.lt_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 10))
        (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26)))
      (i32.eq (local.get $c) (i32.const 95))))

  (func $isSpaceOrTab (param $c i32) (result i32)
    (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9))))

  (func $equal (param $a i32) (param $b i32) (param $length i32) (result i32)
    (block $different
      (loop $next
        (if (i32.eqz (local.get $length)) (then (return (i32.const 1))))
        (br_if $different (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $length (i32.sub (local.get $length) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  (func $skipSpacesAndTabs (param $i i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (call $isSpaceOrTab (i32.load8_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; Past `\s*` from $i, as far as ASCII's spaces go (`\n` among them unless $withinLine: a pattern tried on one line).
  (func $skipSpaces (param $i i32) (param $withinLine i32) (result i32)
    (local $c i32)
    (block $spaced
      (loop $space
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $spaced
          (i32.eqz (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.lt_u (i32.sub (local.get $c) (i32.const 9)) (i32.const 5)))))
        (br_if $spaced (i32.and (local.get $withinLine) (i32.eq (local.get $c) (i32.const 10))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $space)))
    (local.get $i))
