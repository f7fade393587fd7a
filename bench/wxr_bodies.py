"""Post bodies for the generated export: classic-editor and block-editor ones."""

WORDS = (  # noqa: SIM905  a list literal would be 34 lines
    "steppe yurt astana almaty nomad horse winter tea eagle border bazaar mountain "
    "river train letter student market snow wind road village bread museum city "
    "language friend teacher kumys dombra apple spring autumn journey history"
).split()
SITE = "http://bench-blog.example.com"
DYNAMIC_BLOCKS = ['<!-- wp:latest-posts {"postsToShow":3} /-->', "<!-- wp:search /-->"]


def words(rng, low, high):
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


def paragraph(rng, lines=3):
    return "\n".join(words(rng, 8, 16).capitalize() + "." for _ in range(lines))


def upload_url(number):
    return f"{SITE}/wp-content/uploads/20{10 + number % 10:02d}/03/photo-{number}.jpg"


def classic_body(rng, gallery_ids):
    parts = [paragraph(rng, rng.randint(1, 4)) for _ in range(rng.randint(3, 10))]
    if rng.random() < 0.3:
        parts.insert(1, "<!--more-->")
    if rng.random() < 0.3:
        number = rng.randint(1, 99999)
        parts.insert(
            2,
            f'[caption id="attachment_{number}" align="alignnone" width="300"]'
            f'<img src="{upload_url(number)}" alt="" width="300" height="200" />'
            " A photo from the road[/caption]",
        )
    if gallery_ids:
        parts.append(f'[gallery ids="{",".join(map(str, gallery_ids))}" columns="3"]')
    if rng.random() < 0.1:
        parts.append("<ul>\n<li>" + "</li>\n<li>".join(WORDS[:4]) + "</li>\n</ul>")
    if rng.random() < 0.05:
        parts.append(f"https://www.youtube.com/watch?v=bench{rng.randint(1, 999)}")
    if rng.random() < 0.03:
        parts.append('[sourcecode language="python"]\nfor x in range(3):\n'
                     "    print(x < 2)\n[/sourcecode]")  # fmt: skip
    if rng.random() < 0.1:
        parts.append(f'<a href="{SITE}/2011/02/notes-7/">An older letter</a>.')
    return "\n\n".join(parts)


def block(name, inner, attrs=""):
    attrs = f" {attrs}" if attrs else ""
    return f"<!-- wp:{name}{attrs} -->\n{inner}\n<!-- /wp:{name} -->"


def block_body(rng, gallery_ids):
    parts = []
    for number in range(rng.randint(3, 10)):
        if number and rng.random() < 0.2:
            heading = words(rng, 2, 5).capitalize()
            parts.append(
                block("heading", f'<h2 class="wp-block-heading">{heading}</h2>')
            )
        parts.append(block("paragraph", f"<p>{words(rng, 20, 60).capitalize()}.</p>"))
    if rng.random() < 0.3:
        number = rng.randint(1, 99999)
        parts.insert(1, block(
            "image",
            f'<figure class="wp-block-image size-large"><img src="{upload_url(number)}"'
            f' alt="A yurt" class="wp-image-{number}"/><figcaption>Winter</figcaption>'
            "</figure>",
            f'{{"id":{number},"sizeSlug":"large"}}',
        ))  # fmt: skip
    if rng.random() < 0.2:
        items = "".join(f"<li>{w}</li>" for w in rng.sample(WORDS, 4))
        parts.append(block("list", f"<ul>{items}</ul>"))
    if rng.random() < 0.1:
        parts.append(block(
            "quote",
            f'<blockquote class="wp-block-quote"><p>{words(rng, 8, 20)}</p>'
            "<cite>A reader</cite></blockquote>",
        ))  # fmt: skip
    if gallery_ids:
        images = "".join(
            f'<li class="blocks-gallery-item"><figure><img src="{upload_url(i)}" '
            f'data-id="{i}" class="wp-image-{i}"/></figure></li>'
            for i in gallery_ids
        )
        parts.append(block(
            "gallery",
            '<figure class="wp-block-gallery columns-3">'
            f'<ul class="blocks-gallery-grid">{images}</ul></figure>',
            f'{{"ids":[{",".join(map(str, gallery_ids))}],"linkTo":"none"}}',
        ))  # fmt: skip
    if rng.random() < 0.05:
        parts.append(rng.choice(DYNAMIC_BLOCKS))
    return "\n\n".join(parts)
