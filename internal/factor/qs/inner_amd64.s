#include "textflag.h"

// func scanHighAVX2(cells []byte, out []uint16) (count, next int)
TEXT ·scanHighAVX2(SB), NOSPLIT, $0-64
	MOVQ cells_base+0(FP), SI
	MOVQ cells_len+8(FP), CX
	MOVQ out_base+24(FP), DI
	MOVQ out_len+32(FP), R8
	SUBQ $64, R8 // a turn may write 64 entries
	XORQ AX, AX  // the cell
	XORQ DX, DX  // entries written

loop:
	CMPQ AX, CX
	JAE  done
	CMPQ DX, R8
	JG   done
	VMOVDQU   (SI)(AX*1), Y0
	VMOVDQU   32(SI)(AX*1), Y1
	VPOR      Y0, Y1, Y2
	VPMOVMSKB Y2, BX
	TESTL     BX, BX
	JZ        next
	VPMOVMSKB Y0, BX
	VPMOVMSKB Y1, R9
	SHLQ      $32, R9
	ORQ       R9, BX

bits:
	BSFQ BX, R10
	ADDQ AX, R10
	MOVW R10, (DI)(DX*2)
	INCQ DX
	LEAQ -1(BX), R10
	ANDQ R10, BX
	JNZ  bits

next:
	ADDQ $64, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ DX, count+48(FP)
	MOVQ AX, next+56(FP)
	RET

// func rootHitsAVX2(c uint32, primes, roots1, roots2, invs, lims, out []uint32) int
TEXT ·rootHitsAVX2(SB), NOSPLIT, $0-160
	MOVL         c+0(FP), AX
	MOVQ         primes_base+8(FP), SI
	MOVQ         primes_len+16(FP), CX
	MOVQ         roots1_base+32(FP), R8
	MOVQ         roots2_base+56(FP), R9
	MOVQ         invs_base+80(FP), R10
	MOVQ         lims_base+104(FP), R11
	MOVQ         out_base+128(FP), DI
	MOVD         AX, X7
	VPBROADCASTD X7, Y7
	XORQ         BX, BX // j
	XORQ         DX, DX // entries written

loop:
	CMPQ      BX, CX
	JAE       done
	VMOVDQU   (SI)(BX*4), Y0
	VPADDD    Y7, Y0, Y0     // t = c + p
	VMOVDQU   (R8)(BX*4), Y1
	VPSUBD    Y1, Y0, Y1     // t - root1
	VMOVDQU   (R9)(BX*4), Y2
	VPSUBD    Y2, Y0, Y2     // t - root2
	VMOVDQU   (R10)(BX*4), Y3
	VPMULLD   Y3, Y1, Y1
	VPMULLD   Y3, Y2, Y2
	VMOVDQU   (R11)(BX*4), Y4
	VPMINUD   Y4, Y1, Y5
	VPCMPEQD  Y5, Y1, Y1     // (t - root1)*inv <= lim
	VPMINUD   Y4, Y2, Y6
	VPCMPEQD  Y6, Y2, Y2     // (t - root2)*inv <= lim
	VPOR      Y1, Y2, Y1
	VMOVMSKPS Y1, R12
	TESTL     R12, R12
	JNZ       hits

next:
	ADDQ $8, BX
	JMP  loop

hits:
	BSFL R12, R13
	ADDQ BX, R13
	MOVL R13, (DI)(DX*4)
	INCQ DX
	LEAL -1(R12), R13
	ANDL R13, R12
	JNZ  hits
	JMP  next

done:
	VZEROUPPER
	MOVQ DX, ret+152(FP)
	RET

// func bucketHitsAVX2(entries []uint32, off uint32, out []uint32) int
TEXT ·bucketHitsAVX2(SB), NOSPLIT, $0-64
	MOVQ         entries_base+0(FP), SI
	MOVQ         entries_len+8(FP), CX
	MOVL         off+24(FP), AX
	MOVQ         out_base+32(FP), DI
	MOVQ         out_len+40(FP), R8
	MOVD         AX, X7
	VPBROADCASTD X7, Y7          // the offset
	MOVL         $0x7fff, AX
	MOVD         AX, X6
	VPBROADCASTD X6, Y6          // the offset's mask
	XORQ         BX, BX          // the entry
	XORQ         DX, DX          // entries written

loop:
	CMPQ      BX, CX
	JAE       done
	VMOVDQU   (SI)(BX*4), Y0
	VPAND     Y6, Y0, Y1
	VPCMPEQD  Y7, Y1, Y1
	VMOVMSKPS Y1, R9
	TESTL     R9, R9
	JNZ       hits

next:
	ADDQ $8, BX
	JMP  loop

hits:
	BSFL R9, R10
	ADDQ BX, R10
	CMPQ DX, R8
	JAE  full
	MOVL (SI)(R10*4), R11
	SHRL $15, R11
	MOVL R11, (DI)(DX*4)
	INCQ DX

full:
	LEAL -1(R9), R10
	ANDL R10, R9
	JNZ  hits
	JMP  next

done:
	VZEROUPPER
	MOVQ DX, ret+56(FP)
	RET

// func sieveMediumAsm(blk *[blockSize]byte, next1, next2, primes []uint32, logs []uint8, first int, end uint32)
TEXT ·sieveMediumAsm(SB), NOSPLIT, $0-116
	MOVQ blk+0(FP), DI
	MOVQ next1_base+8(FP), SI
	MOVQ next2_base+32(FP), R8
	MOVQ primes_base+56(FP), R9
	MOVQ logs_base+80(FP), R10
	MOVQ first+104(FP), CX
	MOVL end+112(FP), R11

prime:
	CMPQ   CX, next1_len+16(FP)
	JAE    done
	MOVL   (SI)(CX*4), AX     // n1
	CMPL   AX, $-1            // noRoot: a prime of A
	JEQ    nextprime
	MOVL   (R8)(CX*4), BX     // n2
	MOVL   (R9)(CX*4), R12    // q
	MOVBLZX (R10)(CX*1), R13  // lg
	CMPL   AX, BX
	JEQ    single
	CMPL   AX, BX             // lo = min(n1, n2), hi = max(n1, n2)
	JBE    two
	XCHGL  AX, BX

two:
	LEAQ (BX)(R12*1), DX // hi+q
	CMPQ DX, R11
	JAE  tail
	ADDB R13B, (DI)(AX*1)
	ADDB R13B, (DI)(BX*1)
	ADDB R13B, (DI)(DX*1)
	LEAQ (AX)(R12*1), DX
	ADDB R13B, (DI)(DX*1)
	LEAQ (AX)(R12*2), AX
	LEAQ (BX)(R12*2), BX
	JMP  two

tail:
	CMPQ BX, R11
	JAE  last
	ADDB R13B, (DI)(AX*1)
	ADDB R13B, (DI)(BX*1)
	ADDQ R12, AX
	ADDQ R12, BX

last:
	CMPQ AX, R11
	JAE  store
	ADDB R13B, (DI)(AX*1)
	ADDQ R12, AX

store:
	SUBL $32768, AX
	SUBL $32768, BX
	MOVL AX, (SI)(CX*4)
	MOVL BX, (R8)(CX*4)

nextprime:
	INCQ CX
	JMP  prime

single: // a prime dividing k: one root
	CMPQ AX, R11
	JAE  singledone
	ADDB R13B, (DI)(AX*1)
	ADDQ R12, AX
	JMP  single

singledone:
	SUBL $32768, AX
	MOVL AX, (SI)(CX*4)
	MOVL AX, (R8)(CX*4)
	INCQ CX
	JMP  prime

done:
	RET

// func sieveSparseAsm(cells []byte, roots1, roots2, primes []uint32, logs []uint8)
TEXT ·sieveSparseAsm(SB), NOSPLIT, $0-120
	MOVQ cells_base+0(FP), DI
	MOVQ cells_len+8(FP), R11
	MOVQ roots1_base+24(FP), SI
	MOVQ roots1_len+32(FP), CX
	MOVQ roots2_base+48(FP), R8
	MOVQ primes_base+72(FP), R9
	MOVQ logs_base+96(FP), R10
	XORQ BX, BX // j

prime:
	CMPQ    BX, CX
	JAE     done
	MOVL    (R9)(BX*4), R12  // q
	MOVBLZX (R10)(BX*1), R13 // lg
	MOVL    (SI)(BX*4), AX
	CMPQ    AX, R11
	JAE     second

first:
	ADDB R13B, (DI)(AX*1)
	ADDQ R12, AX
	CMPQ AX, R11
	JB   first

second:
	MOVL (R8)(BX*4), AX
	CMPQ AX, R11
	JAE  next

again:
	ADDB R13B, (DI)(AX*1)
	ADDQ R12, AX
	CMPQ AX, R11
	JB   again

next:
	INCQ BX
	JMP  prime

done:
	RET

// func moveRootsAVX2(r1, r2, primes, deltas []uint32, rise bool)
TEXT ·moveRootsAVX2(SB), NOSPLIT, $0-97
	MOVQ    r1_base+0(FP), DI
	MOVQ    r1_len+8(FP), CX
	MOVQ    r2_base+24(FP), SI
	MOVQ    primes_base+48(FP), R8
	MOVQ    deltas_base+72(FP), R9
	MOVBLZX rise+96(FP), AX
	XORQ    BX, BX
	VPXOR   Y6, Y6, Y6

loop:
	CMPQ    BX, CX
	JAE     done
	VMOVDQU (R8)(BX*4), Y0 // q
	VMOVDQU (R9)(BX*4), Y1 // delta
	TESTL   AX, AX
	JZ      fall
	VPSUBD  Y0, Y1, Y2     // up by delta: add delta-q, then q back if below 0
	JMP     move

fall:
	VPSUBD Y1, Y6, Y2 // down by delta

move:
	VPADDD  (DI)(BX*4), Y2, Y3
	VPSRAD  $31, Y3, Y4
	VPAND   Y0, Y4, Y4
	VPADDD  Y4, Y3, Y3
	VMOVDQU Y3, (DI)(BX*4)
	VPADDD  (SI)(BX*4), Y2, Y3
	VPSRAD  $31, Y3, Y4
	VPAND   Y0, Y4, Y4
	VPADDD  Y4, Y3, Y3
	VMOVDQU Y3, (SI)(BX*4)
	ADDQ    $8, BX
	JMP     loop

done:
	VZEROUPPER
	RET
