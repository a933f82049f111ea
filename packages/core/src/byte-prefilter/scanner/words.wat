;; The word pass: WORDS and `app.conf` anywhere, 16 bytes at a time, and
;; line breaks other than `\n` (module.wat says how the module is made).

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
