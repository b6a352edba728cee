#!/usr/bin/env python3
"""Generates a deterministic image-heavy book for benches/images.sh (issue 18).

    benches/image_book.py OUT [--mb 100] [--chapters 1000] [--images 400] [--no-images]

1,000 chapters of mixed Chinese and Latin prose, and images mixing JPEG, opaque PNG, PNG with
alpha, SVG and GIF, about MB megabytes in all, spread over the chapters (some images shown on two
pages). `--no-images` writes the same text with the image references removed: the text-only
build the bench compares against. Same arguments, same bytes (a seeded generator; Pillow writes
the rasters). Needs Pillow (`pip install pillow`).
"""

import argparse
import io
import os
import random

from PIL import Image

LATIN = ("the quick brown fox jumps over lazy dogs while careful authors write long chapters "
         "about systems memory layout pages fonts and images").split()
HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"

KINDS = ["jpeg", "png", "png-alpha", "svg", "gif"]


def picture(rng, w, h, amount):
    """Pixels that compress about as photographs do: a gradient blended with seeded noise."""
    noise = Image.frombytes("RGB", (w, h), rng.randbytes(w * h * 3))
    grad = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    return Image.blend(grad, noise, amount)


def encode(kind, img):
    out = io.BytesIO()
    if kind == "jpeg":
        img.save(out, "JPEG", quality=90)
    elif kind == "png":
        img.save(out, "PNG", compress_level=6)
    elif kind == "png-alpha":
        w, h = img.size
        img = img.copy()
        img.putalpha(Image.linear_gradient("L").rotate(90).resize((w, h)))
        img.save(out, "PNG", compress_level=6)
    else:
        img.convert("P", palette=Image.ADAPTIVE, colors=64).save(out, "GIF")
    return out.getvalue()


def image_bytes(kind, rng, target):
    """One image of roughly `target` bytes."""
    if kind == "svg":
        parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500" viewBox="0 0 800 500">']
        size = 120
        while size < target:
            x, y, r = rng.randrange(800), rng.randrange(500), rng.randrange(4, 60)
            c = "#%06x" % rng.randrange(1 << 24)
            s = f'<circle cx="{x}" cy="{y}" r="{r}" fill="{c}" fill-opacity="0.6"/>'
            parts.append(s)
            size += len(s)
        parts.append("</svg>")
        return "\n".join(parts).encode()
    amount = 0.3 if kind != "gif" else 0.15
    # Bytes per pixel from a small sample, then the side that lands near the target.
    probe = len(encode(kind, picture(rng, 128, 96, amount))) / (128 * 96)
    w = max(64, int((target / probe / 0.66) ** 0.5))
    h = max(48, int(w * 0.66))
    return encode(kind, picture(rng, w, h, amount))


def paragraph(rng, words):
    out = []
    for _ in range(words):
        if rng.random() < 0.5:
            out.append("".join(rng.choice(HAN) for _ in range(rng.randrange(4, 16))) + "，")
        else:
            out.append(" ".join(rng.choice(LATIN) for _ in range(rng.randrange(3, 9))) + " ")
    return "".join(out).rstrip("， ") + "。"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--chapters", type=int, default=1000)
    ap.add_argument("--images", type=int, default=400)
    ap.add_argument("--no-images", action="store_true")
    a = ap.parse_args()
    rng = random.Random(18)
    src = os.path.join(a.out, "src")
    os.makedirs(os.path.join(src, "img"), exist_ok=True)
    with open(os.path.join(a.out, "book.toml"), "w") as f:
        f.write('[book]\ntitle = "图像之书 An image-heavy book"\nlanguage = "zh-Hans"\n\n[quire]\nmax-file-size = "64 MiB"\n')
    names = []
    target = a.mb * 1_000_000 / a.images
    for i in range(a.images):
        kind = KINDS[i % len(KINDS)]
        ext = {"jpeg": "jpg", "png": "png", "png-alpha": "png", "svg": "svg", "gif": "gif"}[kind]
        name = f"img/{i:04d}-{kind}.{ext}"
        names.append(name)
        if a.no_images:
            continue
        # Sizes vary between half and one and a half times the mean.
        data = image_bytes(kind, rng, int(target * (0.5 + rng.random())))
        with open(os.path.join(src, name), "wb") as f:
            f.write(data)
    summary = ["# Summary\n"]
    text_rng = random.Random(1800)
    for c in range(a.chapters):
        file = f"ch{c:04d}.md"
        summary.append(f"- [第 {c + 1} 章 Chapter {c + 1}]({file})")
        body = [f"# 第 {c + 1} 章 Chapter {c + 1}\n"]
        for p in range(3):
            body.append(paragraph(text_rng, 12) + "\n")
        # Images spread evenly; every tenth image also shown a second time, later.
        shown = [names[i] for i in range(a.images) if i * a.chapters // a.images == c]
        shown += [names[i] for i in range(0, a.images, 10) if (i * a.chapters // a.images + 7) % a.chapters == c]
        if not a.no_images:
            for n in shown:
                body.append(f"![图 {n}]({n})\n")
        with open(os.path.join(src, file), "w") as f:
            f.write("\n".join(body))
    with open(os.path.join(src, "SUMMARY.md"), "w") as f:
        f.write("\n".join(summary) + "\n")


if __name__ == "__main__":
    main()
