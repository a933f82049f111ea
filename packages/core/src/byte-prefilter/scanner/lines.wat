;; The line pass: the tests made at a line's start, past its indentation
;; (prefilter.ts's linesMightConfigure).

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
