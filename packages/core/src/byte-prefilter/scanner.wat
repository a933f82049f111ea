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
(module
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

  ;; 1: a word, or an app's `.conf`, at some position; 2: neither, but a line break other than `\n`, or `app.conf` and a
  ;; non-ASCII character; 0: none of these.
  (func $wordsVerdict (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $match v128) (local $odd v128)
    (local $lanes i32) (local $lane i32) (local $found i32) (local $hint i32)
    (local $low v128) (local $low0 v128) (local $high0 v128) (local $low1 v128) (local $high1 v128) (local $low2 v128) (local $high2 v128)
    (local.set $low (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))
    (local.set $low0 (v128.load (i32.const 0)))
    (local.set $high0 (v128.load (i32.const 16)))
    (local.set $low1 (v128.load (i32.const 32)))
    (local.set $high1 (v128.load (i32.const 48)))
    (local.set $low2 (v128.load (i32.const 64)))
    (local.set $high2 (v128.load (i32.const 80)))
    (local.set $i (local.get $start))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v0 (v128.load align=1 (local.get $i)))
        (local.set $v1 (v128.load offset=1 align=1 (local.get $i)))
        ;; `\r`, U+2028 (E2 80 A8), U+2029 (E2 80 A9): the text test reads such lines with other patterns.
        ;; Checked in full only in a block with `\r` or E2 (other characters begin with it too: `—`, `“`).
        (if (v128.any_true
              (v128.or
                (i8x16.eq (local.get $v0) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13))
                (i8x16.eq (local.get $v0) (v128.const i8x16 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2))))
          (then
            (local.set $v2 (v128.load offset=2 align=1 (local.get $i)))
            (local.set $odd
              (v128.or (local.get $odd)
                (v128.or
                  (i8x16.eq (local.get $v0) (v128.const i8x16 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13 13))
                  (v128.and
                    (v128.and
                      (i8x16.eq (local.get $v0) (v128.const i8x16 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2 0xe2))
                      (i8x16.eq (local.get $v1) (v128.const i8x16 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80)))
                    (i8x16.eq
                      (v128.or (local.get $v2) (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1))
                      (v128.const i8x16 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9 0xa9))))))))
        ;; Each lane: the groups whose first two bytes the two bytes from there can be; where any is, the third.
        ;; Most blocks stop at two: over the survey's files this pass took a fifth less than with three for all.
        (local.set $match
          (v128.and
            (v128.and
              (i8x16.swizzle (local.get $low0) (v128.and (local.get $v0) (local.get $low)))
              (i8x16.swizzle (local.get $high0) (i8x16.shr_u (local.get $v0) (i32.const 4))))
            (v128.and
              (i8x16.swizzle (local.get $low1) (v128.and (local.get $v1) (local.get $low)))
              (i8x16.swizzle (local.get $high1) (i8x16.shr_u (local.get $v1) (i32.const 4))))))
        (if (v128.any_true (local.get $match))
          (then
            (local.set $v2 (v128.load offset=2 align=1 (local.get $i)))
            (local.set $match
              (v128.and (local.get $match)
                (v128.and
                  (i8x16.swizzle (local.get $low2) (v128.and (local.get $v2) (local.get $low)))
                  (i8x16.swizzle (local.get $high2) (i8x16.shr_u (local.get $v2) (i32.const 4))))))))
        (if (v128.any_true (local.get $match))
          (then
            (v128.store (i32.const 1584) (local.get $match))
            (local.set $lanes (i8x16.bitmask (i8x16.ne (local.get $match) (v128.const i64x2 0 0))))
            (loop $eachLane
              (local.set $lane (i32.ctz (local.get $lanes)))
              (local.set $found
                (call $needleAt
                  (i32.add (local.get $i) (local.get $lane))
                  (i32.load8_u (i32.add (i32.const 1584) (local.get $lane)))
                  (local.get $start) (local.get $end)))
              (if (i32.eq (local.get $found) (i32.const 1)) (then (return (i32.const 1))))
              (local.set $hint (i32.or (local.get $hint) (local.get $found)))
              (local.set $lanes (i32.and (local.get $lanes) (i32.sub (local.get $lanes) (i32.const 1))))
              (br_if $eachLane (local.get $lanes)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (if (v128.any_true (local.get $odd)) (then (return (i32.const 2))))
    (local.get $hint))

  ;; 1 when a word of the groups $groups is at $at (its three bytes there), or APP_CONF; 2 when `app.conf` is and a
  ;; non-ASCII character follows it past ASCII spaces (`\s` takes Unicode spaces); else 0.
  (func $needleAt (param $at i32) (param $groups i32) (param $start i32) (param $end i32) (result i32)
    (local $entry i32) (local $last i32) (local $from i32) (local $length i32) (local $result i32) (local $c i32)
    (local.set $entry (i32.const 128))
    (local.set $last (i32.add (i32.const 128) (i32.shl (global.get $needleCount) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $entry) (local.get $last)))
        (if (i32.and (local.get $groups) (i32.load8_u offset=12 (local.get $entry)))
          (then
            (local.set $from (i32.sub (local.get $at) (i32.load offset=8 (local.get $entry))))
            (local.set $length (i32.load offset=4 (local.get $entry)))
            (if (i32.and
                  (i32.and
                    (i32.ge_u (local.get $from) (local.get $start))
                    (i32.le_u (i32.add (local.get $from) (local.get $length)) (local.get $end)))
                  (call $equal (local.get $from) (i32.load (local.get $entry)) (local.get $length)))
              (then
                (if (i32.eq (i32.load8_u offset=13 (local.get $entry)) (i32.const 1)) (then (return (i32.const 1))))
                (local.set $c (i32.load8_u (call $skipSpaces (i32.add (local.get $from) (local.get $length)) (i32.const 0))))
                (if (i32.or (i32.eq (local.get $c) (i32.const 46)) (i32.eq (local.get $c) (i32.const 91))) (then (return (i32.const 1))))
                (if (i32.ge_u (local.get $c) (i32.const 128)) (then (local.set $result (i32.const 2))))))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $next)))
    (local.get $result))

  ;; The line tests (prefilter.ts's linesMightConfigure) on every line: 1 or 0; 2 when a non-ASCII character
  ;; follows a setting-shaped name; else 3 when one is on an indented line (settingOutsideFunctions decides,
  ;; up to $lastSettingLine). This runs on every line of every file (8.8 million in the survey's): the
  ;; line breaks come from one scan of 16 bytes at a time, indentation is measured 16 bytes at a time, and
  ;; a line's first four bytes are hashed before any call (V8 inlines none here). Line by line, with
  ;; loops of one byte, it took 1.6 s over the survey's files; this takes a third of that.
  (func $linesVerdict (param $start i32) (param $end i32) (result i32)
    (local $line i32) (local $first i32) (local $c i32) (local $formFeed i32) (local $setting i32) (local $undecided i32)
    (local $block i32) (local $breaks i32) (local $blanks i32) (local $bytes v128)
    (local.set $line (local.get $start))
    (local.set $block (local.get $start))
    (local.set $breaks
      (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $block)) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
    (block $done
      (loop $lines
        ;; Spaces and tabs (16 at a time), then (a form feed ends what the import and decorator patterns take
        ;; for indentation; a setting's takes it too) spaces, tabs and form feeds.
        (local.set $first (local.get $line))
        (loop $indent
          (local.set $bytes (v128.load align=1 (local.get $first)))
          (local.set $blanks
            (i32.ctz
              (i32.xor (i32.const -1)
                (i8x16.bitmask
                  (v128.or
                    (i8x16.eq (local.get $bytes) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))
                    (i8x16.eq (local.get $bytes) (v128.const i8x16 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9 9)))))))
          (local.set $first (i32.add (local.get $first) (local.get $blanks)))
          (br_if $indent (i32.eq (local.get $blanks) (i32.const 16))))
        (local.set $c (i32.load8_u (local.get $first)))
        (local.set $formFeed (i32.eq (local.get $c) (i32.const 12)))
        (if (local.get $formFeed)
          (then
            (block $fed
              (loop $feed
                (local.set $c (i32.load8_u (local.get $first)))
                (br_if $fed
                  (i32.and
                    (i32.and (i32.ne (local.get $c) (i32.const 32)) (i32.ne (local.get $c) (i32.const 9)))
                    (i32.ne (local.get $c) (i32.const 12))))
                (local.set $first (i32.add (local.get $first) (i32.const 1)))
                (br $feed)))))
        ;; Most lines' first four bytes hash to no setting name's slot.
        (if (i32.load8_u
              (i32.add (i32.const 512) (i32.shr_u (i32.mul (i32.load align=1 (local.get $first)) (global.get $multiplier)) (i32.const 24))))
          (then
            (local.set $setting (call $settingAt (local.get $first) (i32.const 0)))
            (if (i32.eq (local.get $setting) (i32.const 1))
              (then
                (if (i32.eq (local.get $first) (local.get $line)) (then (return (i32.const 1))))
                (global.set $lastSettingLine (local.get $line))
                (if (i32.eqz (local.get $undecided)) (then (local.set $undecided (i32.const 3))))))
            (if (i32.eq (local.get $setting) (i32.const 2)) (then (local.set $undecided (i32.const 2))))))
        (if (i32.eqz (local.get $formFeed))
          (then
            (if (i32.eq (local.get $c) (i32.const 64))
              (then (if (call $taskDecoratorAt (local.get $first)) (then (return (i32.const 1))))))
            ;; `from` and `import` by two bytes, not one: `if` and `for` begin as many lines.
            (if (i32.or
                  (i32.eq (i32.load16_u align=1 (local.get $first)) (i32.const 0x7266))
                  (i32.eq (i32.load16_u align=1 (local.get $first)) (i32.const 0x6d69)))
              (then
                (if (call $configurationsImportAt (local.get $first)) (then (return (i32.const 1))))
                (if (i32.eq (local.get $c) (i32.const 102))
                  (then (if (call $starImportAt (local.get $first)) (then (return (i32.const 1))))))))))
        ;; The next line: past the next line break of the scan.
        (loop $next
          (if (local.get $breaks)
            (then
              (local.set $line (i32.add (i32.add (local.get $block) (i32.ctz (local.get $breaks))) (i32.const 1)))
              (local.set $breaks (i32.and (local.get $breaks) (i32.sub (local.get $breaks) (i32.const 1))))
              (br_if $done (i32.ge_u (local.get $line) (local.get $end)))
              (br $lines)))
          (local.set $block (i32.add (local.get $block) (i32.const 16)))
          (br_if $done (i32.ge_u (local.get $block) (local.get $end)))
          (local.set $breaks
            (i8x16.bitmask (i8x16.eq (v128.load align=1 (local.get $block)) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
          (br $next))))
    (local.get $undecided))

  ;; SETTING_NAME at $at: 1 when it matches, 2 when a non-ASCII character follows the name (`\s` takes Unicode spaces), else 0.
  ;; $withinLine: `\s` does not take `\n` (the pattern is tried on one line's text).
  (func $settingAt (param $at i32) (param $withinLine i32) (result i32)
    (local $entry i32) (local $i i32) (local $c i32)
    (local.set $entry
      (i32.load8_u
        (i32.add (i32.const 512) (i32.shr_u (i32.mul (i32.load align=1 (local.get $at)) (global.get $multiplier)) (i32.const 24)))))
    (if (i32.eqz (local.get $entry)) (then (return (i32.const 0))))
    (local.set $entry (i32.add (i32.const 768) (i32.shl (i32.sub (local.get $entry) (i32.const 1)) (i32.const 4))))
    (if (i32.eqz (call $equal (local.get $at) (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry))))
      (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $at) (i32.load offset=4 (local.get $entry))))
    (if (i32.load offset=8 (local.get $entry))
      (then
        ;; A prefix: `_\w+`.
        (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 95)) (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (i32.eqz (call $isWord (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
        (loop $word
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $word (call $isWord (i32.load8_u (local.get $i)))))))
    (local.set $c (i32.load8_u (call $skipSpaces (local.get $i) (local.get $withinLine))))
    (if (i32.or (i32.eq (local.get $c) (i32.const 58)) (i32.eq (local.get $c) (i32.const 61))) (then (return (i32.const 1))))
    (select (i32.const 2) (i32.const 0) (i32.ge_u (local.get $c) (i32.const 128))))

  ;; TASK_DECORATOR_AT: `@[\w.]+\.task\b`. In the run of [\w.] after `@`, a `.task` after its first character that
  ;; ends the run or is followed by `.` (the only non-word character of the run).
  (func $taskDecoratorAt (param $at i32) (result i32)
    (local $runStart i32) (local $runEnd i32) (local $q i32) (local $c i32)
    (local.set $runStart (i32.add (local.get $at) (i32.const 1)))
    (local.set $runEnd (local.get $runStart))
    (block $ended
      (loop $run
        (local.set $c (i32.load8_u (local.get $runEnd)))
        (br_if $ended (i32.eqz (i32.or (call $isWord (local.get $c)) (i32.eq (local.get $c) (i32.const 46)))))
        (local.set $runEnd (i32.add (local.get $runEnd) (i32.const 1)))
        (br $run)))
    (local.set $q (i32.add (local.get $runStart) (i32.const 1)))
    (block $none
      (loop $try
        (br_if $none (i32.gt_u (i32.add (local.get $q) (i32.const 5)) (local.get $runEnd)))
        (if (i32.and
              (call $equal (local.get $q) (i32.const 1560) (i32.const 5))
              (i32.or
                (i32.eq (i32.add (local.get $q) (i32.const 5)) (local.get $runEnd))
                (i32.eq (i32.load8_u offset=5 (local.get $q)) (i32.const 46))))
          (then (return (i32.const 1))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $try)))
    (i32.const 0))

  ;; CONFIGURATIONS_IMPORT_AT: `(?:from|import)[ \t]+configurations\b`.
  (func $configurationsImportAt (param $at i32) (result i32)
    (local $i i32)
    (if (call $equal (local.get $at) (i32.const 1536) (i32.const 4))
      (then (local.set $i (i32.add (local.get $at) (i32.const 4))))
      (else
        (if (call $equal (local.get $at) (i32.const 1540) (i32.const 6))
          (then (local.set $i (i32.add (local.get $at) (i32.const 6))))
          (else (return (i32.const 0))))))
    (if (i32.eqz (call $isSpaceOrTab (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
    (local.set $i (call $skipSpacesAndTabs (local.get $i)))
    (if (i32.eqz (call $equal (local.get $i) (i32.const 1546) (i32.const 14))) (then (return (i32.const 0))))
    (i32.eqz (call $isWord (i32.load8_u offset=14 (local.get $i)))))

  ;; STAR_IMPORT_AT: `from[ \t]+[\w.]+[ \t]+import[ \t]+\*`.
  (func $starImportAt (param $at i32) (result i32)
    (local $i i32) (local $c i32)
    (if (i32.eqz (call $equal (local.get $at) (i32.const 1536) (i32.const 4))) (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $at) (i32.const 4)))
    (if (i32.eqz (call $isSpaceOrTab (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
    (local.set $i (call $skipSpacesAndTabs (local.get $i)))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eqz (i32.or (call $isWord (local.get $c)) (i32.eq (local.get $c) (i32.const 46)))) (then (return (i32.const 0))))
    (block $named
      (loop $module
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $named (i32.eqz (i32.or (call $isWord (local.get $c)) (i32.eq (local.get $c) (i32.const 46)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $module)))
    (if (i32.eqz (call $isSpaceOrTab (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
    (local.set $i (call $skipSpacesAndTabs (local.get $i)))
    (if (i32.eqz (call $equal (local.get $i) (i32.const 1540) (i32.const 6))) (then (return (i32.const 0))))
    (local.set $i (i32.add (local.get $i) (i32.const 6)))
    (if (i32.eqz (call $isSpaceOrTab (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
    (local.set $i (call $skipSpacesAndTabs (local.get $i)))
    (i32.eq (i32.load8_u (local.get $i)) (i32.const 42)))
  ;; prefilter.ts's settingOutsideFunctions, on the lines up to $until, the last one that holds a setting-shaped
  ;; name (the lines past it cannot answer yes): 1 when a setting-shaped name is on an indented line whose innermost enclosing
  ;; `def` or `class` is not a `def`, and is not a model's field; 0 when none is; 2 when a non-ASCII character
  ;; follows such a name, or the nesting is deeper than the stack.
  (func $settingOutsideFunctions (param $start i32) (param $end i32) (param $until i32) (result i32)
    (local $line i32) (local $lineEnd i32) (local $first i32) (local $width i32) (local $c i32) (local $i i32) (local $j i32)
    (local $depth i32) (local $triple i32) (local $backslash i32) (local $continues i32) (local $top i32) (local $setting i32)
    (local $opener i32) (local $skip i32)
    (local.set $top (i32.const 4096))
    (local.set $line (local.get $start))
    (block $done
      (loop $lines
        (br_if $done (i32.ge_u (local.get $line) (local.get $end)))
        (br_if $done (i32.gt_u (local.get $line) (local.get $until)))
        (local.set $lineEnd (call $lineEnd (local.get $line) (local.get $end)))
        (local.set $continues (i32.or (i32.or (local.get $depth) (local.get $triple)) (local.get $backslash)))
        ;; LineContinuation.read: brackets, quotes, a comment, a closing backslash.
        (local.set $backslash (i32.const 0))
        (local.set $i (local.get $line))
        (block $read
          (loop $chars
            (br_if $read (i32.ge_u (local.get $i) (local.get $lineEnd)))
            (if (local.get $triple)
              (then
                (block $closed
                  (loop $search
                    (br_if $read (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $lineEnd)))
                    (br_if $closed
                      (i32.and
                        (i32.and
                          (i32.eq (i32.load8_u (local.get $i)) (local.get $triple))
                          (i32.eq (i32.load8_u offset=1 (local.get $i)) (local.get $triple)))
                        (i32.eq (i32.load8_u offset=2 (local.get $i)) (local.get $triple))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $search)))
                (local.set $triple (i32.const 0))
                (local.set $i (i32.add (local.get $i) (i32.const 3)))
                (br $chars)))
            ;; To the next byte of the 16 from $i that the rest looks at: # " ' ( ) [ \ ] { }. Its halves pick bits
            ;; in two tables: high 2, 5, 7 are bits 1, 2, 4; a low half's entry has the bits of the high halves
            ;; it goes with. Byte by byte, this function took 170 ms over the survey's 2,214 files that reach it.
            (local.set $skip
              (i8x16.bitmask
                (i8x16.ne
                  (v128.and
                    (i8x16.swizzle
                      (v128.const i8x16 0 0 1 1 0 0 0 1 1 1 0 6 2 6 0 0)
                      (v128.and (v128.load align=1 (local.get $i)) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
                    (i8x16.swizzle
                      (v128.const i8x16 0 0 1 0 0 2 0 4 0 0 0 0 0 0 0 0)
                      (i8x16.shr_u (v128.load align=1 (local.get $i)) (i32.const 4))))
                  (v128.const i64x2 0 0))))
            (if (i32.eqz (local.get $skip))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $chars)))
            (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $skip))))
            (br_if $read (i32.ge_u (local.get $i) (local.get $lineEnd)))
            (local.set $c (i32.load8_u (local.get $i)))
            (br_if $read (i32.eq (local.get $c) (i32.const 35)))
            (if (i32.or (i32.eq (local.get $c) (i32.const 34)) (i32.eq (local.get $c) (i32.const 39)))
              (then
                (if (i32.and
                      (i32.eq (i32.load8_u offset=1 (local.get $i)) (local.get $c))
                      (i32.eq (i32.load8_u offset=2 (local.get $i)) (local.get $c)))
                  (then
                    (local.set $triple (local.get $c))
                    (local.set $i (i32.add (local.get $i) (i32.const 3)))
                    (br $chars)))
                ;; A one-line string: its brackets are text. An unclosed one ends at the line's end.
                (local.set $j (i32.add (local.get $i) (i32.const 1)))
                (block $closedString
                  (loop $string
                    (br_if $closedString (i32.ge_u (local.get $j) (local.get $lineEnd)))
                    (br_if $closedString (i32.eq (i32.load8_u (local.get $j)) (local.get $c)))
                    (local.set $j
                      (i32.add (local.get $j) (select (i32.const 2) (i32.const 1) (i32.eq (i32.load8_u (local.get $j)) (i32.const 92)))))
                    (br $string)))
                (local.set $i (i32.add (local.get $j) (i32.const 1)))
                (br $chars)))
            (if (i32.or (i32.or (i32.eq (local.get $c) (i32.const 40)) (i32.eq (local.get $c) (i32.const 91))) (i32.eq (local.get $c) (i32.const 123)))
              (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))))
              (else
                (if (i32.and
                      (i32.or (i32.or (i32.eq (local.get $c) (i32.const 41)) (i32.eq (local.get $c) (i32.const 93))) (i32.eq (local.get $c) (i32.const 125)))
                      (i32.gt_u (local.get $depth) (i32.const 0)))
                  (then (local.set $depth (i32.sub (local.get $depth) (i32.const 1))))
                  (else
                    (if (i32.and (i32.eq (local.get $c) (i32.const 92)) (i32.eq (local.get $i) (i32.sub (local.get $lineEnd) (i32.const 1))))
                      (then (local.set $backslash (i32.const 1))))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $chars)))
        ;; Indentation: columns as Python counts them (a tab to the next multiple of 8, a form feed back to 0).
        (local.set $width (i32.const 0))
        (local.set $first (local.get $line))
        (block $indented
          (loop $indent
            (local.set $c (i32.load8_u (local.get $first)))
            (if (i32.eq (local.get $c) (i32.const 32))
              (then (local.set $width (i32.add (local.get $width) (i32.const 1))))
              (else
                (if (i32.eq (local.get $c) (i32.const 9))
                  (then (local.set $width (i32.add (i32.and (local.get $width) (i32.const -8)) (i32.const 8))))
                  (else
                    (br_if $indented (i32.ne (local.get $c) (i32.const 12)))
                    (local.set $width (i32.const 0))))))
            (local.set $first (i32.add (local.get $first) (i32.const 1)))
            (br $indent)))
        (block $next
          (local.set $setting (i32.const 0))
          (if (i32.gt_u (local.get $first) (local.get $line))
            (then
              (local.set $setting (call $settingAt (local.get $first) (i32.const 1)))
              (if (i32.eq (local.get $setting) (i32.const 2)) (then (return (i32.const 2))))))
          (if (local.get $continues)
            (then
              ;; A keyword inside a call's brackets: judged by where the call is.
              (if (i32.and (i32.and (local.get $setting) (i32.eqz (local.get $triple))) (i32.eqz (call $inFunction (local.get $top))))
                (then (return (i32.const 1))))
              (br $next)))
          ;; Blank, or a comment.
          (br_if $next (i32.or (i32.eq (local.get $first) (local.get $lineEnd)) (i32.eq (i32.load8_u (local.get $first)) (i32.const 35))))
          (block $popped
            (loop $pop
              (br_if $popped (i32.le_u (local.get $top) (i32.const 4096)))
              (br_if $popped (i32.lt_u (i32.shr_u (i32.load (i32.sub (local.get $top) (i32.const 4))) (i32.const 1)) (local.get $width)))
              (local.set $top (i32.sub (local.get $top) (i32.const 4)))
              (br $pop)))
          (if (local.get $setting)
            (then
              (if (i32.eqz (call $inFunction (local.get $top)))
                (then (if (i32.eqz (call $fieldDeclarationAt (local.get $first) (local.get $lineEnd))) (then (return (i32.const 1))))))))
          (local.set $opener (call $blockOpenerAt (local.get $first)))
          (if (local.get $opener)
            (then
              (if (i32.ge_u (local.get $top) (i32.const 8192)) (then (return (i32.const 2))))
              (i32.store (local.get $top) (i32.or (i32.shl (local.get $width) (i32.const 1)) (i32.eq (local.get $opener) (i32.const 2))))
              (local.set $top (i32.add (local.get $top) (i32.const 4))))))
        (local.set $line (i32.add (local.get $lineEnd) (i32.const 1)))
        (br $lines)))
    (i32.const 0))

  ;; Whether the innermost enclosing block on the stack (its top below $top) is a `def`.
  (func $inFunction (param $top i32) (result i32)
    (if (i32.le_u (local.get $top) (i32.const 4096)) (then (return (i32.const 0))))
    (i32.and (i32.load (i32.sub (local.get $top) (i32.const 4))) (i32.const 1)))

  ;; Where the line from $i ends: its `\n`, or $end.
  (func $lineEnd (param $i i32) (param $end i32) (result i32)
    (local $bits i32)
    (loop $blocks
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (local.get $end))))
      (local.set $bits
        (i8x16.bitmask
          (i8x16.eq (v128.load align=1 (local.get $i)) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
      (if (local.get $bits)
        (then
          (local.set $i (i32.add (local.get $i) (i32.ctz (local.get $bits))))
          (return (select (local.get $end) (local.get $i) (i32.gt_u (local.get $i) (local.get $end))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $blocks))
    (unreachable))

  ;; BLOCK_OPENER at a line's first character: 2 for `def` (or `async def`), 1 for `class`, else 0.
  (func $blockOpenerAt (param $at i32) (result i32)
    (if (i32.and
          (call $equal (local.get $at) (i32.const 1565) (i32.const 5))
          (call $isSpaceOrTab (i32.load8_u offset=5 (local.get $at))))
      (then (local.set $at (call $skipSpacesAndTabs (i32.add (local.get $at) (i32.const 5))))))
    (if (i32.and
          (call $equal (local.get $at) (i32.const 1570) (i32.const 3))
          (call $isSpaceOrTab (i32.load8_u offset=3 (local.get $at))))
      (then (return (i32.const 2))))
    (i32.and
      (call $equal (local.get $at) (i32.const 1573) (i32.const 5))
      (call $isSpaceOrTab (i32.load8_u offset=5 (local.get $at)))))

  ;; FIELD_DECLARATION from a line's first character (past its indentation) to its end:
  ;; `\w+[ \t]*(?::[^=]*)?=[ \t]*(?:[A-Za-z_]\w*\.)*(?!(?:Queue|Exchange|Broadcast)\()[A-Z]\w*\(`.
  (func $fieldDeclarationAt (param $i i32) (param $lineEnd i32) (result i32)
    (local $c i32) (local $segment i32) (local $length i32)
    (if (i32.eqz (call $isWord (i32.load8_u (local.get $i)))) (then (return (i32.const 0))))
    (block $named
      (loop $name
        (br_if $named (i32.eqz (call $isWord (i32.load8_u (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $name)))
    (local.set $i (call $skipSpacesAndTabs (local.get $i)))
    ;; An annotation: up to the line's first `=`.
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 58))
      (then
        (block $equals
          (loop $annotation
            (if (i32.ge_u (local.get $i) (local.get $lineEnd)) (then (return (i32.const 0))))
            (br_if $equals (i32.eq (i32.load8_u (local.get $i)) (i32.const 61)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $annotation)))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 61)) (then (return (i32.const 0))))
    (local.set $i (call $skipSpacesAndTabs (i32.add (local.get $i) (i32.const 1))))
    ;; Dotted names; the last must be a capitalised one called, and not one of kombu's.
    (loop $segments
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.eqz (i32.or (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 32)) (i32.const 97)) (i32.const 26)) (i32.eq (local.get $c) (i32.const 95))))
        (then (return (i32.const 0))))
      (local.set $segment (local.get $i))
      (block $segmentEnd
        (loop $word
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $word (call $isWord (i32.load8_u (local.get $i))))))
      (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 46))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $segments))))
    (if (i32.or
          (i32.ge_u (i32.sub (local.get $c) (i32.const 65)) (i32.const 26))
          (i32.ne (i32.load8_u (local.get $i)) (i32.const 40)))
      (then (return (i32.const 0))))
    (local.set $length (i32.sub (local.get $i) (local.get $segment)))
    (if (i32.and (i32.eq (local.get $length) (i32.const 5)) (call $equal (local.get $segment) (i32.const 1600) (i32.const 5))) (then (return (i32.const 0))))
    (if (i32.and (i32.eq (local.get $length) (i32.const 8)) (call $equal (local.get $segment) (i32.const 1605) (i32.const 8))) (then (return (i32.const 0))))
    (if (i32.and (i32.eq (local.get $length) (i32.const 9)) (call $equal (local.get $segment) (i32.const 1613) (i32.const 9))) (then (return (i32.const 0))))
    (i32.const 1))
)
