;; Setting-shaped names on indented lines: whether a function holds them
;; (prefilter.ts's settingOutsideFunctions and FIELD_DECLARATION).

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
