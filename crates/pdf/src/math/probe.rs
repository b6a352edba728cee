#[test]
fn probe() {
    for s in [r"\hat{x} \overline{ab} \vec v \widehat{xy}", r"\binom{n}{k} \dfrac12 \tfrac12", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\begin{cases} 1 & x \\ 0 \end{cases}", r"\overbrace{a+b}^{n} \underbrace{x}_{k}", r"\sum_{k=1}^n \int_0^1 \lim_{x\to 0} \max", r"\mathbf{x} \mathbb{R} \text{if } \operatorname{sgn} \, \quad \! \sqrt[3]{x} \left( x \middle| y \right) \big( \tag{1}", r"\begin{aligned} a &= b \\ &= c \end{aligned}", r"\le \ne \not= x'' {}^a_b X", r"\displaystyle \Big( \mathrm{d}x \mathcal{L} \mathfrak{g}"] {
        let st = pulldown_latex::Storage::new();
        let ev: Vec<_> = pulldown_latex::Parser::new(s, &st).collect();
        println!("{s}\n{ev:?}\n");
    }
}
