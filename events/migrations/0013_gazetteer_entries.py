"""The desk's first gazetteer: the region's heads of state and government and foreign ministers who
appear in C5+1 reporting, its cities, and the terms that stand for the record's topics.

Each official is named with a title they held, and nothing else: no dates, which belong to cited
positions. Editors extend and correct the list in the admin (Gazetteer)."""

from django.db import migrations

from events.roles import create_roles

OFFICIALS = [
    # name, other names, country, title
    (
        "Kassym-Jomart Tokayev",
        ["Kassym-Jomart Tokaev", "Qasym-Jomart Toqaev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"],
        "KZ",
        "President of Kazakhstan",
    ),
    ("Nursultan Nazarbayev", ["Nursultan Nazarbaev", "Нурсултан Назарбаев"], "KZ", "President of Kazakhstan"),
    ("Sadyr Japarov", ["Sadyr Zhaparov", "Садыр Жапаров"], "KG", "President of Kyrgyzstan"),
    ("Emomali Rahmon", ["Emomali Rakhmon", "Эмомали Рахмон"], "TJ", "President of Tajikistan"),
    (
        "Serdar Berdimuhamedov",
        ["Serdar Berdymukhamedov", "Serdar Berdimuhamedow", "Сердар Бердымухамедов"],
        "TM",
        "President of Turkmenistan",
    ),
    (
        "Gurbanguly Berdimuhamedov",
        ["Gurbanguly Berdimuhamedow", "Gurbanguly Berdymukhamedov", "Гурбангулы Бердымухамедов"],
        "TM",
        "President of Turkmenistan",
    ),
    ("Shavkat Mirziyoyev", ["Shavkat Mirziyoev", "Шавкат Мирзиёев"], "UZ", "President of Uzbekistan"),
    (
        "Joe Biden",
        ["Joseph R. Biden", "Joseph R. Biden Jr.", "Joseph Biden", "Джо Байден"],
        "US",
        "President of the United States",
    ),
    ("Alikhan Smailov", ["Алихан Смаилов"], "KZ", "Prime Minister of Kazakhstan"),
    ("Olzhas Bektenov", ["Олжас Бектенов"], "KZ", "Prime Minister of Kazakhstan"),
    ("Akylbek Japarov", ["Akylbek Zhaparov", "Акылбек Жапаров"], "KG", "Chairman of the Cabinet of Ministers of Kyrgyzstan"),
    ("Kokhir Rasulzoda", ["Qohir Rasulzoda", "Кохир Расулзода"], "TJ", "Prime Minister of Tajikistan"),
    ("Abdulla Aripov", ["Абдулла Арипов"], "UZ", "Prime Minister of Uzbekistan"),
    ("Erlan Idrissov", ["Yerlan Idrissov", "Ерлан Идрисов"], "KZ", "Minister of Foreign Affairs of Kazakhstan"),
    ("Beibut Atamkulov", ["Бейбут Атамкулов"], "KZ", "Minister of Foreign Affairs of Kazakhstan"),
    ("Mukhtar Tileuberdi", ["Мухтар Тлеуберди"], "KZ", "Minister of Foreign Affairs of Kazakhstan"),
    ("Murat Nurtleu", ["Мурат Нуртлеу"], "KZ", "Minister of Foreign Affairs of Kazakhstan"),
    ("Chingiz Aidarbekov", ["Чингиз Айдарбеков"], "KG", "Minister of Foreign Affairs of Kyrgyzstan"),
    ("Ruslan Kazakbaev", ["Руслан Казакбаев"], "KG", "Minister of Foreign Affairs of Kyrgyzstan"),
    ("Zheenbek Kulubaev", ["Жээнбек Кулубаев"], "KG", "Minister of Foreign Affairs of Kyrgyzstan"),
    (
        "Sirojiddin Muhriddin",
        ["Sirojiddin Mukhriddin", "Сироджиддин Мухриддин"],
        "TJ",
        "Minister of Foreign Affairs of Tajikistan",
    ),
    ("Rashid Meredov", ["Рашид Мередов"], "TM", "Minister of Foreign Affairs of Turkmenistan"),
    ("Abdulaziz Kamilov", ["Абдулазиз Камилов"], "UZ", "Minister of Foreign Affairs of Uzbekistan"),
    ("Bakhtiyor Saidov", ["Бахтиёр Саидов"], "UZ", "Minister of Foreign Affairs of Uzbekistan"),
    ("John Kerry", ["John F. Kerry", "Джон Керри"], "US", "Secretary of State"),
    ("Mike Pompeo", ["Michael R. Pompeo", "Майк Помпео"], "US", "Secretary of State"),
    ("Antony Blinken", ["Antony J. Blinken", "Энтони Блинкен"], "US", "Secretary of State"),
]

CITIES = [
    ("Astana", ["Nur-Sultan", "Akmola", "Астана", "Нур-Султан"], "KZ"),
    ("Almaty", ["Alma-Ata", "Алматы"], "KZ"),
    ("Bishkek", ["Бишкек"], "KG"),
    ("Cholpon-Ata", ["Чолпон-Ата"], "KG"),
    ("Dushanbe", ["Душанбе"], "TJ"),
    ("Ashgabat", ["Ashkhabad", "Ашхабад"], "TM"),
    ("Tashkent", ["Toshkent", "Ташкент"], "UZ"),
    ("Samarkand", ["Samarqand", "Самарканд"], "UZ"),
    ("Washington", ["Washington, D.C.", "Вашингтон"], "US"),
    ("New York", ["New York City", "Нью-Йорк"], "US"),
]

TERMS = [
    # topic, terms that stand for it
    ("Afghanistan", ["Afghanistan", "Afghan", "Афганистан"]),
    (
        "Humanitarian assistance",
        ["humanitarian assistance", "humanitarian support", "humanitarian aid", "humanitarian crisis", "гуманитарной помощи"],
    ),
    ("Human rights", ["human rights", "women and girls", "права человека"]),
    ("Security", ["security", "безопасности"]),
    ("Counter-terrorism", ["terrorism", "терроризм"]),
    ("Counter-narcotics", ["narcotics", "drug trafficking", "наркотиков"]),
    (
        "Economy and trade",
        [
            "trade",
            "economic cooperation",
            "economic growth",
            "economic stabilization",
            "economic transformation",
            "investment",
            "торговли",
            "экономического",
        ],
    ),
    ("Energy", ["energy", "энергетики"]),
    ("Environment and climate", ["climate", "environmental", "климата"]),
    ("Transit and transport", ["transit", "transport", "trade routes", "транспорт"]),
    ("COVID-19", ["COVID-19", "coronavirus", "pandemic"]),
    ("Regional cooperation", ["regional cooperation", "регионального сотрудничества"]),
    ("Public administration", ["public administration"]),
    ("Bilateral relations", ["strategic partnership", "bilateral relations"]),
    ("Critical minerals", ["critical minerals", "критически важных минералов"]),
]


def add_entries(apps, schema_editor):
    entry = apps.get_model("events", "GazetteerEntry")
    rows = [entry(kind="person", name=n, other_names=o, country_code=c, title=t) for n, o, c, t in OFFICIALS]
    rows += [entry(kind="place", name=n, other_names=o, country_code=c) for n, o, c in CITIES]
    rows += [entry(kind="term", name=terms[0], other_names=terms[1:], topic=topic) for topic, terms in TERMS]
    entry.objects.bulk_create(rows, ignore_conflicts=True)


def remove_entries(apps, schema_editor):
    apps.get_model("events", "GazetteerEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0012_gazetteer")]

    operations = [
        migrations.RunPython(add_entries, remove_entries),
        # Editors extend the gazetteer; contributors read it (events/roles.py).
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
