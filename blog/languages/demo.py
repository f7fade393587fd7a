"""The demo's Russian translation of its OSCE post, linked both ways (idempotent)."""

from datetime import datetime

from taggit.models import Tag

from blog.languages.models import SeriesName, TagName
from blog.models import Post, Series

ORIGINAL_SLUG = "brave-stories-already-told-in-2008-osce-report-on-sex-trafficking"
# Cyrillic, as a Russian-speaking author's slugs are: they work in every URL.
SLUG = "смелые-истории-доклад-обсе-2008-года"
TITLE = (
    "Смелые истории уже рассказаны: доклад ОБСЕ 2008 года "
    "о торговле людьми в целях сексуальной эксплуатации"
)
PUBLISHED_AT = datetime.fromisoformat("2011-02-21T11:00:00+06:00")
BODY = """<p>Зайдите на сайт по ссылке ниже: там собрано множество подробностей \
о торговле людьми в целях сексуальной эксплуатации.</p>
<p>Какой обстоятельный доклад подготовили для ОБСЕ в Хельсинки ещё в 2008 году! \
Но прошло три года, и, по-моему, положение жертв сексуальной эксплуатации почти \
не улучшилось. Нужно больше денег, чтобы реабилитировать тех, кого принудили \
к труду или к сексуальной эксплуатации, и помочь им вернуться на родину. \
К тому же в Казахстане остро стоит проблема внутренней миграции: людей, \
которые не могут найти работу в сёлах, вывозят в большие города — в Алматы, \
Астану и другие города Центральной Азии, где у «клиентов» водятся деньги.</p>
<p>Вот лишь небольшой отрывок из доклада, который написала Екатерина Бадикова. \
Смелые истории уже рассказаны, и есть причины, по которым эта проблема \
воспроизводит сама себя, ведь на помощь жертвам не хватает средств:</p>
<ol>
<li>трудности с оформлением документов для жертв, возвращающихся на родину;</li>
<li>неясное будущее жертвы после возвращения в ту самую среду, которая когда-то \
и сделала её жертвой;</li>
<li>устойчивая склонность к девиантному поведению у некоторых жертв;</li>
<li>нежелание органов здравоохранения и социальных служб сотрудничать с НПО, \
которые просят у них профессиональной помощи для жертв, прошедших программы \
реабилитации;</li>
<li>попытки СМИ раскрыть личность жертв вопреки требованиям безопасности;</li>
<li>долгие следствие и суды, когда у НПО не хватает ни денег, ни сил, чтобы всё \
это время давать жертвам кров и еду;</li>
<li>жертвы отказываются сотрудничать с полицией после того, как заявили о деле, \
в основном из-за того, как с ними обращаются: полицейские открыто выказывают им \
пренебрежение, а порой снова делают их жертвами;</li>
<li>полицейские часто сомневаются, что дело вообще удастся расследовать;</li>
<li>жертв торговли людьми и жертв других преступлений объединяют в одно дело, \
а деньги выделены на помощь только жертвам торговли людьми, но не другим \
нуждающимся;</li>
<li>предубеждение против жертв, которое открыто высказывают многие чиновники, \
отвечающие за борьбу с торговлей людьми; эти чиновники очень плохо понимают само \
явление торговли людьми, а из-за частой ротации с должности на должность у них \
мало возможностей в нём разобраться.</li>
</ol>"""
TAG_NAMES = {
    "OSCE": "ОБСЕ",
    "human trafficking": "торговля людьми",
    "Kazakhstan": "Казахстан",
    "Central Asia": "Центральная Азия",
    "reports": "доклады",
    "expats": "экспаты",
    "surveys": "опросы",
    "Astana": "Астана",
}
SERIES_TITLES = {
    "human-trafficking-essays": "Студенческие эссе о торговле людьми",
    "expats-impressions": "Впечатления экспатов о жизни в Казахстане",
}


def load(*, author, stdout) -> bool:
    """Add the Russian translation and Russian tag and series names if missing."""
    for tag in Tag.objects.filter(name__in=TAG_NAMES):
        TagName.objects.get_or_create(
            tag=tag, language="ru", defaults={"name": TAG_NAMES[tag.name]}
        )
    for series in Series.objects.filter(slug__in=SERIES_TITLES):
        SeriesName.objects.get_or_create(
            series=series, language="ru", defaults={"title": SERIES_TITLES[series.slug]}
        )
    original = Post.objects.filter(slug=ORIGINAL_SLUG).first()
    if original is None or Post.objects.filter(slug=SLUG).exists():
        return False
    translation = Post(
        title=TITLE,
        slug=SLUG,
        body=BODY,
        author=author,
        status=Post.Status.PUBLISHED,
        published_at=PUBLISHED_AT,
        language="ru",
        translation_of=original,
    )
    translation.full_clean()
    translation.save()
    translation.tags.set(list(original.tags.all()))
    stdout.write("Demo translation: 1 new Russian post.")
    return True
