"""The facts of the demo corpus, each with the passages that state it.

Everything here is what the five seed articles say, and nothing more. A citation is
(article, quote) or (article, quote, stance, note); the article is named by the
first three digits of its file name in articles/. Where no article gives a date,
the date is unknown.
"""

C = "contradicts"

COUNTRIES = [
    ("KZ", "Kazakhstan", True),
    ("KG", "Kyrgyzstan", True),
    ("TJ", "Tajikistan", True),
    ("TM", "Turkmenistan", True),
    ("UZ", "Uzbekistan", True),
    ("US", "United States", False),
]

C5_PLUS_1 = ["KZ", "KG", "TJ", "TM", "UZ", "US"]

ORGANIZATIONS = [
    # slug, name, kind, country
    ("mfa-kazakhstan", "Ministry of Foreign Affairs of Kazakhstan", "ministry", "KZ"),
    ("us-department-of-state", "U.S. Department of State", "ministry", "US"),
    ("ministry-of-ecology-kazakhstan", "Ministry of Ecology, Geology and Natural Resources of Kazakhstan", "ministry", "KZ"),
]

# Which publisher and attribution each article gives (publisher None: the article does not say).
SOURCES = {
    "000": {"publisher": "UrduPoint News", "attribution": "the Kazakh Foreign Ministry, via Sputnik"},
    "001": {"publisher": None, "attribution": "media reports; the press service of Kazakhstan’s Foreign Ministry"},
    "002": {"publisher": None, "attribution": ""},
    "003": {"publisher": None, "attribution": "Euronews; Reuters; the Tajik MFA information department"},
    "004": {
        "publisher": "Kazinform",
        "attribution": "Aibek Smadiyarov, official representative of Kazakhstan’s Ministry of Foreign Affairs",
    },
}

SERIES = [("c5-1", "C5+1", "The diplomatic platform of the five Central Asian states and the United States, founded in 2015.")]

# Reference data: today's name, the country, and other names with the years they were official.
PLACES = [
    ("astana", "Astana", "KZ", [("Nur-Sultan", "former", 2019, 2022)]),
    ("samarkand", "Samarkand", "UZ", [("Samarqand", "spelling", None, None)]),
]

TOPICS = [
    ("afghanistan", "Afghanistan"),
    ("humanitarian-assistance", "Humanitarian assistance"),
    ("human-rights", "Human rights"),
    ("security", "Security"),
    ("counter-terrorism", "Counter-terrorism"),
    ("counter-narcotics", "Counter-narcotics"),
    ("economy-and-trade", "Economy and trade"),
    ("energy", "Energy"),
    ("environment-and-climate", "Environment and climate"),
    ("transit-and-transport", "Transit and transport"),
    ("covid-19", "COVID-19"),
    ("regional-cooperation", "Regional cooperation"),
    ("public-administration", "Public administration"),
    ("bilateral-relations", "Bilateral relations"),
]

PEOPLE = [
    {
        "slug": "thomas-west",
        "name": "Thomas West",
        "sort_name": "West, Thomas",
        "country": "US",
        "positions": [
            {
                "title": "Special Representative for Afghanistan",
                "country": "US",
                "citations": [
                    ("000", "Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US."),
                    ("001", "US Special Representative for Afghanistan Thomas West"),
                ],
            }
        ],
    },
    {
        "slug": "talgat-kaliyev",
        "name": "Talgat Kaliyev",
        "sort_name": "Kaliyev, Talgat",
        "country": "KZ",
        "positions": [
            {
                "title": "Ambassador-at-Large of the Ministry of Foreign Affairs",
                "organization": "mfa-kazakhstan",
                "country": "KZ",
                "citations": [
                    ("000", "Ambassador-at-Large of the Kazakh Foreign Ministry Talgat Kaliyev"),
                    (
                        "001",
                        "Ambassador-at-Large of the Ministry of Foreign Affairs of the Republic of Kazakhstan Talgat Kaliyev",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "kairat-umarov",
        "name": "Kairat Umarov",
        "sort_name": "Umarov, Kairat",
        "country": "KZ",
        "positions": [
            {
                "title": "First Deputy Minister of Foreign Affairs",
                "organization": "mfa-kazakhstan",
                "country": "KZ",
                "citations": [
                    ("000", "First Deputy Foreign Minister of Kazakhstan Kairat Umarov"),
                    (
                        "001",
                        "Kazakh Deputy Foreign Minister, Kairat Umarov",
                        C,
                        "This report calls him Deputy Foreign Minister, without “First”.",
                    ),
                ],
            }
        ],
    },
    {
        "slug": "rashid-meredov",
        "name": "Rashid Meredov",
        "sort_name": "Meredov, Rashid",
        "country": "TM",
        "positions": [
            {
                "title": "Minister of Foreign Affairs",
                "country": "TM",
                "citations": [("002", "the Ministers of Foreign Affairs of Turkmenistan Rashid Meredov")],
            }
        ],
    },
    {
        "slug": "beibut-atamkulov",
        "name": "Beibut Atamkulov",
        "sort_name": "Atamkulov, Beibut",
        "country": "KZ",
        "positions": [
            {
                "title": "Minister of Foreign Affairs",
                "country": "KZ",
                "organization": "mfa-kazakhstan",
                "citations": [
                    ("002", "the Ministers of Foreign Affairs of Turkmenistan Rashid Meredov, Kazakhstan – Beibut Atamkulov")
                ],
            }
        ],
    },
    {
        "slug": "chingiz-aidarbekov",
        "name": "Chingiz Aidarbekov",
        "sort_name": "Aidarbekov, Chingiz",
        "country": "KG",
        "positions": [
            {"title": "Minister of Foreign Affairs", "country": "KG", "citations": [("002", "Kyrgyzstan – Chingiz Aidarbekov")]}
        ],
    },
    {
        "slug": "sirojiddin-muhriddin",
        "name": "Sirojiddin Muhriddin",
        "sort_name": "Muhriddin, Sirojiddin",
        "aliases": ["Sirojiddin Mukhriddin"],
        "country": "TJ",
        "positions": [
            {"title": "Minister of Foreign Affairs", "country": "TJ", "citations": [("002", "Tajikistan – Sirojiddin Muhriddin")]}
        ],
    },
    {
        "slug": "abdulaziz-kamilov",
        "name": "Abdulaziz Kamilov",
        "sort_name": "Kamilov, Abdulaziz",
        "country": "UZ",
        "positions": [
            {"title": "Minister of Foreign Affairs", "country": "UZ", "citations": [("002", "Uzbekistan – Abdulaziz Kamilov")]}
        ],
    },
    {
        "slug": "david-hale",
        "name": "David Hale",
        "sort_name": "Hale, David",
        "country": "US",
        "positions": [
            {
                "title": "Deputy Under Secretary of State for Political Affairs",
                "country": "US",
                "organization": "us-department-of-state",
                "citations": [("002", "the U.S. Deputy Under Secretary of State for Political Affairs David Hale")],
            }
        ],
    },
    {
        "slug": "antony-blinken",
        "name": "Antony Blinken",
        "sort_name": "Blinken, Antony",
        "aliases": ["Antony J. Blinken"],
        "country": "US",
        "positions": [
            {
                "title": "Secretary of State",
                "country": "US",
                "organization": "us-department-of-state",
                "citations": [
                    ("003", "US Secretary of State Antony J. Blinken"),
                    ("004", "U.S. Secretary of State Antony Blinken"),
                ],
            }
        ],
    },
    {
        "slug": "mukhtar-tileuberdi",
        "name": "Mukhtar Tileuberdi",
        "sort_name": "Tileuberdi, Mukhtar",
        "country": "KZ",
        "positions": [
            {
                "title": "Deputy Prime Minister and Minister of Foreign Affairs",
                "country": "KZ",
                "organization": "mfa-kazakhstan",
                "citations": [
                    ("004", "Mukhtar Tileuberdi, the Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan")
                ],
            }
        ],
    },
    {
        "slug": "magzum-mirzagaliyev",
        "name": "Magzum Mirzagaliyev",
        "sort_name": "Mirzagaliyev, Magzum",
        "country": "KZ",
        "positions": [
            {
                "title": "Minister of Ecology, Geology and Natural Resources",
                "country": "KZ",
                "organization": "ministry-of-ecology-kazakhstan",
                "citations": [
                    (
                        "004",
                        "the Minister of Ecology, Geology and Natural Resources of the Republic of Kazakhstan Magzum Mirzagaliyev",
                    )
                ],
            }
        ],
    },
]

_SESSION_ISSUES = (
    "representatives of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and the United States "
    "discussed a number of issues on the provision of humanitarian assistance, the protection of human rights, "
    "international cooperation with Afghanistan, as well as ensuring security and combating terrorism"
)
_BLINKEN_FOCUS = (
    "The C5+1 Ministerial Meeting reportedly focused on enhancing economic, energy and environmental, and "
    "security cooperation among the United States, Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, and Uzbekistan."
)
_NUR_SULTAN_ATTENDANCE = (
    "attended by representatives of the US governments and the Central Asian five states – Turkmenistan, "
    "Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan"
)

MEETINGS = [
    {
        "slug": "c5-1-special-session-afghanistan-astana-2023",
        "title": "C5+1 special session on Afghanistan, Astana",
        "kind": "special_session",
        "format": "in_person",
        "series": "c5-1",
        "place": "astana",
        "place_name_reported": "Astana",
        "date": {"start": "2023-07-27", "end": "2023-07-28", "precision": "day"},
        "summary": "Representatives of the five Central Asian states and the United States met at the Kazakh "
        "Foreign Ministry to discuss humanitarian assistance to Afghanistan, human rights, international "
        "cooperation with Afghanistan, security and the fight against terrorism.",
        "citations": {
            "date": [
                ("001", "the C5+1 special session on Afghanistan that took place there on July 27-28"),
                ("000", "28th July, 2023) Representatives of five Central Asian countries and the United States met"),
            ],
            "place": [
                ("000", "met in the Kazakh capital of Astana for a C5+1 special session on Afghanistan"),
                ("001", "visited Kazakhstan’s capital, Astana, to attend the C5+1 special session on Afghanistan"),
            ],
            "kind": [("000", "a C5+1 special session on Afghanistan, the Kazakh Foreign Ministry said")],
            "format": [("000", "this session, which was held at the site of the Kazakh Foreign Ministry")],
            "summary": [("000", _SESSION_ISSUES), ("001", _SESSION_ISSUES)],
        },
        "participants": [
            {
                "person": "thomas-west",
                "role": "Special Representative for Afghanistan",
                "country": "US",
                "citations": [
                    ("000", "Special Representative for Afghanistan Thomas West attended the meeting on behalf of the US."),
                    (
                        "001",
                        "US Special Representative for Afghanistan Thomas West visited Kazakhstan’s capital, Astana, to attend the C5+1 special session",
                    ),
                ],
            },
            {
                "person": "talgat-kaliyev",
                "role": "Ambassador-at-Large of the Kazakh Foreign Ministry",
                "country": "KZ",
                "citations": [
                    ("000", "Ambassador-at-Large of the Kazakh Foreign Ministry Talgat Kaliyev drew the participants' attention"),
                    (
                        "001",
                        "Ambassador-at-Large of the Ministry of Foreign Affairs of the Republic of Kazakhstan Talgat Kaliyev, representing the Kazakh side",
                    ),
                ],
            },
            {
                "person": "kairat-umarov",
                "role": "Deputy Foreign Minister",
                "country": "KZ",
                "citations": [
                    ("001", "Kazakh Deputy Foreign Minister, Kairat Umarov, presented the initiative"),
                    (
                        "000",
                        "First Deputy Foreign Minister of Kazakhstan Kairat Umarov",
                        C,
                        "This report gives his title as First Deputy Foreign Minister.",
                    ),
                ],
            },
        ],
        "countries": {
            code: [
                ("000", "representatives of Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and the United States")
            ]
            for code in C5_PLUS_1
        },
        "topics": {
            "afghanistan": [("000", "the issue of stabilizing the situation in Afghanistan")],
            "humanitarian-assistance": [("001", "discussed plans for providing humanitarian assistance to Afghanistan")],
            "human-rights": [
                ("000", "the protection of human rights"),
                ("001", "ensuring fair and dignified treatment for all citizens of Afghanistan, particularly women and girls"),
            ],
            "security": [("001", "addressing security concerns")],
            "counter-terrorism": [("000", "ensuring security and combating terrorism")],
            "counter-narcotics": [("001", "countering narcotics production and trafficking")],
            "economy-and-trade": [("001", "humanitarian support for the people of Afghanistan, economic stabilization")],
        },
        "outcomes": [
            {
                "kind": "initiative",
                "description": "Kazakhstan presented its initiative for a United Nations Regional Centre for the "
                "Sustainable Development Goals for Central Asia and Afghanistan in Almaty.",
                "citations": [
                    (
                        "001",
                        "presented the initiative to build a United Nations Regional Center for Sustainable Development Goals for Central Asia and Afghanistan in Almaty",
                    ),
                    (
                        "000",
                        "the initiative of the country's President Kassym-Jomart Tokayev to establish the UN Regional Centre for Sustainable Development in the Kazakh city of Almaty",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "west-umarov-meeting-2023",
        "title": "Thomas West received by Kairat Umarov",
        "kind": "bilateral",
        "format": "in_person",
        "series": None,
        "date": {"not_after": "2023-07-28"},
        "summary": "Kazakhstan’s deputy foreign minister received the U.S. Special Representative for Afghanistan, "
        "who welcomed Kazakhstan’s support for the Afghan people.",
        "citations": {
            "date": [("000", "He was received by First Deputy Foreign Minister of Kazakhstan Kairat Umarov, the ministry said")],
            "kind": [("000", "He was received by First Deputy Foreign Minister of Kazakhstan Kairat Umarov")],
            "format": [("000", "He was received by")],
            "summary": [
                (
                    "000",
                    "during the meeting West welcomed the measures taken by the country's government to support the Afghan people, especially in the social and economic spheres.",
                )
            ],
        },
        "participants": [
            {
                "person": "thomas-west",
                "role": "Special Representative for Afghanistan",
                "country": "US",
                "citations": [("000", "during the meeting West welcomed the measures taken by the country's government")],
            },
            {
                "person": "kairat-umarov",
                "role": "First Deputy Foreign Minister of Kazakhstan",
                "country": "KZ",
                "citations": [
                    ("000", "He was received by First Deputy Foreign Minister of Kazakhstan Kairat Umarov"),
                    (
                        "001",
                        "Kazakh Deputy Foreign Minister, Kairat Umarov",
                        C,
                        "This report gives his title as Deputy Foreign Minister, without “First”.",
                    ),
                ],
            },
        ],
        "topics": {
            "afghanistan": [("000", "West welcomed the measures taken by the country's government to support the Afghan people")],
            "humanitarian-assistance": [
                ("000", "to provide assistance to Afghanistan and find ways out of the country's difficult humanitarian crisis.")
            ],
        },
    },
    {
        "slug": "c5-1-ministerial-nur-sultan",
        "title": "C5+1 ministerial meeting, Nur-Sultan",
        "kind": "ministerial",
        "format": "in_person",
        "series": "c5-1",
        "place": "astana",
        "place_name_reported": "Nur-Sultan",
        "date": {},
        "summary": "The foreign ministers of the five Central Asian states and the U.S. Deputy Under Secretary of "
        "State for Political Affairs discussed the political and economic agenda of their cooperation "
        "and security issues, and adopted a joint statement.",
        "citations": {
            "place": [
                ("002", "The C5+1 high-level discussion on security in Nur-Sultan resulted in a joint statement."),
                ("002", "The capital of Kazakhstan hosted a C5+1 format meeting"),
            ],
            "kind": [("002", "During the meeting, the Ministers of Foreign Affairs of Turkmenistan")],
            "format": [("002", "The capital of Kazakhstan hosted a C5+1 format meeting")],
            "summary": [
                ("002", "discussed the political and economic agenda of the cooperation and security issues of common interest")
            ],
        },
        "participants": [
            {
                "person": "rashid-meredov",
                "role": "Minister of Foreign Affairs of Turkmenistan",
                "country": "TM",
                "citations": [("002", "the Ministers of Foreign Affairs of Turkmenistan Rashid Meredov")],
            },
            {
                "person": "beibut-atamkulov",
                "role": "Minister of Foreign Affairs of Kazakhstan",
                "country": "KZ",
                "citations": [
                    ("002", "the Ministers of Foreign Affairs of Turkmenistan Rashid Meredov, Kazakhstan – Beibut Atamkulov")
                ],
            },
            {
                "person": "chingiz-aidarbekov",
                "role": "Minister of Foreign Affairs of Kyrgyzstan",
                "country": "KG",
                "citations": [("002", "Kyrgyzstan – Chingiz Aidarbekov")],
            },
            {
                "person": "sirojiddin-muhriddin",
                "role": "Minister of Foreign Affairs of Tajikistan",
                "country": "TJ",
                "citations": [("002", "Tajikistan – Sirojiddin Muhriddin")],
            },
            {
                "person": "abdulaziz-kamilov",
                "role": "Minister of Foreign Affairs of Uzbekistan",
                "country": "UZ",
                "citations": [("002", "Uzbekistan – Abdulaziz Kamilov")],
            },
            {
                "person": "david-hale",
                "role": "Deputy Under Secretary of State for Political Affairs",
                "country": "US",
                "citations": [("002", "the U.S. Deputy Under Secretary of State for Political Affairs David Hale discussed")],
            },
        ],
        "countries": {code: [("002", _NUR_SULTAN_ATTENDANCE)] for code in C5_PLUS_1},
        "topics": {
            "security": [
                ("002", "The C5+1 high-level discussion on security in Nur-Sultan"),
                ("002", "overcoming regional security challenges"),
            ],
            "economy-and-trade": [("002", "efforts to support economic transformation")],
            "regional-cooperation": [("002", "efforts to support economic transformation, regional cooperation")],
            "afghanistan": [("002", "promoting peace and prosperity in Central Asia and neighboring Afghanistan")],
        },
        "outcomes": [
            {
                "kind": "joint_statement",
                "description": "Joint statement of the C5+1 meeting in Nur-Sultan.",
                "citations": [
                    ("002", "The C5+1 high-level discussion on security in Nur-Sultan resulted in a joint statement."),
                    ("002", "Countries of Central Asia and the USA adopted a statement according to the C5+1 meeting results"),
                ],
            },
        ],
    },
    {
        "slug": "c5-1-ministerial-astana-blinken",
        "title": "C5+1 ministerial meeting with the U.S. Secretary of State, Astana",
        "kind": "ministerial",
        "format": "in_person",
        "series": "c5-1",
        "place": "astana",
        "place_name_reported": "Astana",
        "date": {},
        "summary": "U.S. Secretary of State Antony Blinken met representatives of the five Central Asian states on "
        "economic, energy, environmental and security cooperation, and announced new U.S. funding for "
        "the region’s economic growth.",
        "citations": {
            "place": [("003", "US Secretary of State Antony J. Blinken yesterday visited Astana, Kazakhstan")],
            "kind": [
                (
                    "003",
                    "participated in a C5+1 Ministerial Meeting with representatives of each of the five Central Asian states",
                )
            ],
            "format": [
                (
                    "003",
                    "yesterday visited Astana, Kazakhstan, where he met with senior high-ranking Kazakh state officials and participated in a C5+1 Ministerial Meeting",
                )
            ],
            "summary": [("003", _BLINKEN_FOCUS)],
        },
        "participants": [
            {
                "person": "antony-blinken",
                "role": "Secretary of State",
                "country": "US",
                "citations": [
                    (
                        "003",
                        "US Secretary of State Antony J. Blinken yesterday visited Astana, Kazakhstan, where he met with senior high-ranking Kazakh state officials and participated in a C5+1 Ministerial Meeting",
                    )
                ],
            },
        ],
        "countries": {
            **{
                code: [("003", "a C5+1 Ministerial Meeting with representatives of each of the five Central Asian states")]
                for code in ["KZ", "KG", "TJ", "TM", "UZ"]
            },
            "US": [("003", _BLINKEN_FOCUS)],
        },
        "topics": {
            "economy-and-trade": [("003", _BLINKEN_FOCUS)],
            "energy": [("003", _BLINKEN_FOCUS)],
            "environment-and-climate": [("003", _BLINKEN_FOCUS)],
            "security": [("003", _BLINKEN_FOCUS)],
            "afghanistan": [
                (
                    "003",
                    "the parties exchanged views on the topical issues of international and regional agenda, including the situation in Afghanistan",
                )
            ],
            "counter-terrorism": [("003", "fight against terrorism and extremism")],
        },
        "outcomes": [
            {
                "kind": "funding",
                "description": "New U.S. funding to support economic growth, including new trade routes and helping "
                "businesses find new export markets.",
                "amount": "25000000",
                "currency": "USD",
                "citations": [
                    (
                        "003",
                        "the US Secretary of State announced 25 million US dollars of new funding to support economic growth, including with new trade routes, and helping business find new export markets",
                    )
                ],
            },
        ],
    },
    {
        "slug": "c5-1-ministerial-samarkand-2015",
        "title": "First C5+1 ministerial meeting, Samarkand",
        "kind": "ministerial",
        "format": "in_person",
        "series": "c5-1",
        "ordinal": 1,
        "place": "samarkand",
        "place_name_reported": "Samarkand",
        "date": {"start": "2015-11-01", "precision": "day"},
        "summary": "The first meeting of the foreign ministers of the six countries in the C5+1 format; they agreed "
        "to focus on security, economics and environmental challenges.",
        "citations": {
            "date": [
                ("002", "was held on November 1, 2015 in Samarkand"),
                ("003", "took place in Samarqand (Uzbekistan) in November 2015"),
            ],
            "place": [
                ("002", "was held on November 1, 2015 in Samarkand"),
                ("003", "The first C5+1 ministerial meeting took place in Samarqand (Uzbekistan)"),
            ],
            "kind": [("003", "The first C5+1 ministerial meeting")],
            "format": [
                (
                    "002",
                    "The first meeting with the participation of the Foreign Ministers of the six countries was held on November 1, 2015 in Samarkand.",
                )
            ],
            "ordinal": [
                ("002", "The first meeting with the participation of the Foreign Ministers of the six countries"),
                ("003", "The first C5+1 ministerial meeting"),
            ],
            "summary": [
                (
                    "002",
                    "The first meeting with the participation of the Foreign Ministers of the six countries was held on November 1, 2015 in Samarkand.",
                ),
                (
                    "003",
                    "The six foreign ministers agreed to focus on three sectors of common interest – security, economics, and environmental challenges.",
                ),
            ],
        },
        "countries": {code: [("002", "the participation of the Foreign Ministers of the six countries")] for code in C5_PLUS_1},
        "topics": {
            "security": [("003", "three sectors of common interest – security, economics, and environmental challenges")],
            "economy-and-trade": [
                ("003", "three sectors of common interest – security, economics, and environmental challenges")
            ],
            "environment-and-climate": [
                ("003", "three sectors of common interest – security, economics, and environmental challenges")
            ],
        },
        "outcomes": [
            {
                "kind": "agreement",
                "description": "The six foreign ministers agreed to focus on three sectors of common interest: security, "
                "economics and environmental challenges.",
                "citations": [
                    (
                        "003",
                        "The six foreign ministers agreed to focus on three sectors of common interest – security, economics, and environmental challenges.",
                    )
                ],
            },
        ],
    },
    {
        "slug": "c5-1-high-level-meeting-2021-04-23",
        "title": "10th C5+1 high-level meeting (video conference)",
        "kind": "ministerial",
        "format": "virtual",
        "series": "c5-1",
        "ordinal": 10,
        "date": {"start": "2021-04-23", "precision": "day"},
        "summary": "Held by video conference, the tenth high-level meeting discussed trade and economic relations, "
        "the response to the COVID-19 pandemic, peace and stability in Afghanistan and climate change.",
        "citations": {
            "date": [("004", "The C5+1 high-level meeting held on April 23, 2021, in the form of a video conference")],
            "kind": [("004", "Can you report on the main results of the recent ministerial meeting of C5+1?")],
            "format": [("004", "in the form of a video conference")],
            "ordinal": [("004", "was the 10th since the launch of this initiative")],
            "summary": [
                (
                    "004",
                    "The participants discussed ways and plans to expand trade and economic relations, as well as joint efforts to respond to challenges during the spread of the COVID-19 pandemic.",
                )
            ],
        },
        "participants": [
            {
                "person": "mukhtar-tileuberdi",
                "role": "Foreign Minister of Kazakhstan",
                "country": "KZ",
                "citations": [
                    (
                        "004",
                        "Foreign Minister of Kazakhstan, Mukhtar Tileuberdi, stressed «the importance of continuing work within the framework of the C5+1 dialogue",
                    )
                ],
            },
        ],
        "topics": {
            "economy-and-trade": [("004", "ways and plans to expand trade and economic relations")],
            "covid-19": [("004", "joint efforts to respond to challenges during the spread of the COVID-19 pandemic")],
            "afghanistan": [("004", "ensuring peace and stability in Afghanistan")],
            "environment-and-climate": [("004", "the problems of climate change")],
            "transit-and-transport": [("004", "the development of transit and transport potential")],
            "security": [("004", "strengthening regional security")],
        },
    },
    {
        "slug": "tileuberdi-blinken-phone-call-2021",
        "title": "Phone call between Mukhtar Tileuberdi and Antony Blinken",
        "kind": "phone_call",
        "format": "phone",
        "series": None,
        "date": {"not_after": "2021-04-28"},
        "summary": "Kazakhstan’s foreign minister and the U.S. Secretary of State reaffirmed their countries’ "
        "expanded strategic partnership and named climate change, public administration, regional "
        "economic cooperation and Afghanistan as priority areas.",
        "citations": {
            "date": [("004", "What are the results of the recent telephone conversation between Mukhtar Tileuberdi")],
            "kind": [("004", "during their telephone conversation")],
            "format": [("004", "during a recent telephone conversation")],
            "summary": [
                ("004", "the parties reaffirmed their commitment to deepen the expanded strategic partnership"),
                (
                    "004",
                    "Cooperation on combating climate change, developing effective public administration, strengthening economic cooperation in the region, and promoting the development of Afghanistan",
                ),
            ],
        },
        "participants": [
            {
                "person": "mukhtar-tileuberdi",
                "role": "Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan",
                "country": "KZ",
                "citations": [
                    (
                        "004",
                        "Mukhtar Tileuberdi, the Deputy Prime Minister and Minister of Foreign Affairs of Kazakhstan, and U.S. Secretary of State Antony Blinken during their telephone conversation",
                    )
                ],
            },
            {
                "person": "antony-blinken",
                "role": "U.S. Secretary of State",
                "country": "US",
                "citations": [("004", "and U.S. Secretary of State Antony Blinken during their telephone conversation")],
            },
        ],
        "topics": {
            "bilateral-relations": [
                ("004", "the parties reaffirmed their commitment to deepen the expanded strategic partnership")
            ],
            "environment-and-climate": [("004", "Cooperation on combating climate change")],
            "public-administration": [("004", "developing effective public administration")],
            "economy-and-trade": [("004", "strengthening economic cooperation in the region")],
            "afghanistan": [
                ("004", "promoting the development of Afghanistan in the context of the upcoming withdrawal of American troops")
            ],
            "regional-cooperation": [
                (
                    "004",
                    "Another topic of discussion was the development of regional cooperation within the framework of the C5+1 dialogue platform",
                )
            ],
        },
        "outcomes": [
            {
                "kind": "agreement",
                "description": "The two ministers agreed to maintain regular contacts.",
                "citations": [("004", "The interlocutors agreed to maintain regular contacts and discuss topical issues.")],
            },
        ],
    },
    {
        "slug": "leaders-summit-on-climate-roundtable-2021",
        "title": "Roundtable on the sidelines of the Leaders' Summit on Climate",
        "kind": "roundtable",
        "format": "unknown",
        "series": None,
        "date": {"start": "2021-04-23", "precision": "day"},
        "summary": "Kazakhstan’s Minister of Ecology, Geology and Natural Resources took part in a roundtable on the "
        "sidelines of the Leaders' Summit on Climate.",
        "citations": {
            "date": [("004", "the Leaders' Summit on Climate (April 23 this year)")],
            "kind": [("004", "in a roundtable on the sidelines of the Leaders' Summit on Climate")],
            "summary": [
                (
                    "004",
                    "the participation of the Minister of Ecology, Geology and Natural Resources of the Republic of Kazakhstan Magzum Mirzagaliyev in a roundtable on the sidelines of the Leaders' Summit on Climate",
                )
            ],
        },
        "participants": [
            {
                "person": "magzum-mirzagaliyev",
                "role": "Minister of Ecology, Geology and Natural Resources of the Republic of Kazakhstan",
                "country": "KZ",
                "citations": [
                    (
                        "004",
                        "the Minister of Ecology, Geology and Natural Resources of the Republic of Kazakhstan Magzum Mirzagaliyev in a roundtable",
                    )
                ],
            },
        ],
        "topics": {
            "environment-and-climate": [("004", "a roundtable on the sidelines of the Leaders' Summit on Climate")],
        },
    },
]
