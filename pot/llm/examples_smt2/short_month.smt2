; question: Is there a month with fewer than 30 days?
; answer: yes
; why: The claim is an existence: some month has fewer than 30 days. February has 28 or 29 days, which proves it: the answer is yes.
(declare-datatype Month (january february march april may june july august september october november december))
(declare-fun days_in (Month) Int)
(assert (! (or (= (days_in february) 28) (= (days_in february) 29)) :named february_length))
(assert (! (forall ((m Month)) (and (>= (days_in m) 28) (<= (days_in m) 31))) :named months_have_28_to_31_days))
(assert (! (exists ((m Month)) (< (days_in m) 30)) :named claim_some_short_month))
(check-sat)
