; question: Would a pear sink in water?
; answer: no
; why: The claim is the question itself, (sinks pear). A pear is less dense than water, and whatever is less dense than water does not sink, so the premises entail the negation of the claim: the answer is no.
(declare-sort Thing 0)
(declare-fun density (Thing) Real)
(declare-fun sinks (Thing) Bool)
(declare-const pear Thing)
(declare-const water Thing)
(assert (! (= (density pear) 0.6) :named pear_density))
(assert (! (= (density water) 1.0) :named water_density))
(assert (! (forall ((t Thing)) (=> (< (density t) (density water)) (not (sinks t)))) :named less_dense_floats))
(assert (! (sinks pear) :named claim_pear_sinks))
(check-sat)
