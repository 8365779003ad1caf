"""Word stock for the synthetic corpus: name parts, places, phrases. Nothing here is a real record."""

# Korean syllables as romanized in the archive's sources, with their Hangul.
FAMILY_NAMES = {
    "Kim": "김", "Ri": "리", "Pak": "박", "Choe": "최", "Jong": "정", "Kang": "강", "Cho": "조",
    "Yun": "윤", "Jang": "장", "Han": "한", "O": "오", "So": "소", "Ho": "허", "Hong": "홍",
    "Ryu": "류", "Nam": "남", "Mun": "문", "Son": "손", "Paek": "백", "Chon": "전", "Hyon": "현",
    "Yang": "양", "Ko": "고", "Sin": "신", "Song": "송",
}  # fmt: skip
GIVEN_SYLLABLES = {
    "Il": "일", "Song": "성", "Chol": "철", "Su": "수", "Yong": "영", "Hyon": "현", "Myong": "명",
    "Gwang": "광", "Ho": "호", "Jin": "진", "Sun": "순", "Hui": "희", "Nam": "남", "Ok": "옥",
    "Chun": "춘", "Dok": "덕", "Man": "만", "Gil": "길", "Bok": "복", "Sang": "상", "Hak": "학",
    "Thae": "태", "Kyong": "경", "Ryong": "룡", "Won": "원", "Hwa": "화", "Sok": "석", "Ung": "웅",
    "Mi": "미", "Jun": "준", "Hyok": "혁", "Guk": "국", "Pong": "봉", "Sam": "삼", "Yop": "엽",
}  # fmt: skip
# Other spellings a translator may use for a family name.
FAMILY_VARIANTS = {"Ri": ["Yi", "Lee"], "Pak": ["Park"], "Choe": ["Choi"], "Jong": ["Chong", "Jung"], "O": ["Oh"]}

RUSSIAN_SURNAMES = {
    "Ivanov": "Иванов", "Petrov": "Петров", "Smirnov": "Смирнов", "Kuznetsov": "Кузнецов",
    "Popov": "Попов", "Sokolov": "Соколов", "Lebedev": "Лебедев", "Kozlov": "Козлов",
    "Novikov": "Новиков", "Morozov": "Морозов", "Volkov": "Волков", "Pavlov": "Павлов",
    "Fedorov": "Федоров", "Orlov": "Орлов", "Belov": "Белов", "Zaitsev": "Зайцев",
}  # fmt: skip
RUSSIAN_INITIALS = ["A.", "V.", "G.", "I.", "N.", "P.", "S.", "M.", "K.", "D."]
CHINESE_NAMES = [
    ("Zhang", "Chang", "张"), ("Wang", "Wang", "王"), ("Li", "Li", "李"), ("Zhao", "Chao", "赵"),
    ("Chen", "Ch'en", "陈"), ("Liu", "Liu", "刘"), ("Zhou", "Chou", "周"), ("Huang", "Huang", "黄"),
]  # fmt: skip
CHINESE_GIVEN = [("Wei", "Wei", "伟"), ("Ming", "Ming", "明"), ("Jianguo", "Chien-kuo", "建国"), ("Hua", "Hua", "华")]

TITLES = ["Comrade", "Ambassador", "Minister", "Chairman", "Vice-Premier", "Counsellor", "Secretary"]
DESCRIPTIONS = [
    "official of the Ministry of Foreign Affairs", "member of the Political Committee", "diplomat",
    "provincial party secretary", "army officer", "economist", "journalist", "interpreter",
    "chairman of a cooperative farm", "trade union official",
]  # fmt: skip

CITIES = {
    "Pyongyang": ("평양", "P'yŏngyang"), "Kaesong": ("개성", "Kaesŏng"), "Hamhung": ("함흥", "Hamhŭng"),
    "Chongjin": ("청진", "Ch'ŏngjin"), "Sinuiju": ("신의주", "Sinŭiju"), "Wonsan": ("원산", "Wŏnsan"),
    "Nampo": ("남포", "Namp'o"), "Haeju": ("해주", "Haeju"), "Kanggye": ("강계", "Kanggye"),
    "Hyesan": ("혜산", "Hyesan"), "Sariwon": ("사리원", "Sariwŏn"), "Kimchaek": ("김책", "Kimch'aek"),
}  # fmt: skip
PLACE_SUFFIXES = [("County", "군"), ("Ri", "리"), ("Dong", "동"), ("District", "구역")]
FOREIGN_PLACES = {
    "Moscow": "Москва", "Beijing": "北京", "Budapest": "Budapest", "Berlin": "Berlin", "Prague": "Praha",
    "Warsaw": "Warszawa", "Bucharest": "București", "Sofia": "София", "Ulaanbaatar": "Улаанбаатар",
    "Hanoi": "Hà Nội", "Havana": "La Habana", "Tirana": "Tiranë",
}  # fmt: skip

MINISTRIES = [
    "Foreign Affairs", "Foreign Trade", "Agriculture", "Heavy Industry", "Light Industry", "Education",
    "Culture and Propaganda", "Public Health", "Railways", "Communications", "State Security", "Finance",
]  # fmt: skip
ORGANIZATION_PATTERNS = [
    ("Ministry of {x}", "MO{i}"),
    ("Department of {x} of the Party Central Committee", "{i} Dept."),
    ("{x} Committee of the Supreme People's Assembly", "SPA {i} Committee"),
    ("State Commission for {x}", "SC{i}"),
    ("Institute of {x}", "I{i}"),
]
EMBASSY_COUNTRIES = ["USSR", "PRC", "Hungary", "GDR", "Czechoslovakia", "Poland", "Romania", "Bulgaria", "Mongolia"]

EVENT_PATTERNS = [
    "Plenum of the Party Central Committee", "Conference of Party Activists",
    "Session of the Supreme People's Assembly",
    "Congress of the Democratic Youth League", "Meeting of Cooperative Farm Chairmen", "Trade Negotiations",
    "Delegation Visit", "Flood Relief Campaign", "Harvest Campaign", "Conference of Model Workers",
]  # fmt: skip
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"]

TOPIC_DOMAINS = [
    "grain", "steel", "coal", "fertilizer", "cotton", "fishery", "timber", "cement", "machine-tool", "textile",
    "rail", "housing", "school", "hospital", "irrigation", "livestock", "electricity", "shipping", "film", "press",
]  # fmt: skip
TOPIC_ASPECTS = [
    "procurement", "production", "shortages", "exports", "imports", "planning", "prices", "quotas", "workers",
    "construction", "technical aid", "credits",
]  # fmt: skip

# Sentence parts. {e} stands for an entity mark, {d} for a date mark.
SUBJECTS = [
    "The delegation", "The committee", "The ministry", "Our comrades", "The embassy", "The provincial committee",
    "The chairman", "The Korean side", "The Soviet specialists", "The trade representative", "Local cadres",
    "The working group",
]  # fmt: skip
VERBS = [
    "reported on", "discussed", "criticized", "emphasized", "approved", "examined", "noted", "raised the question of",
    "expressed concern about", "proposed measures against", "underlined the importance of", "returned to",
]  # fmt: skip
OBJECTS = [
    "the plan for grain procurement", "the situation in the cooperatives", "shortcomings in the work of local organs",
    "the delivery of equipment", "the training of specialists", "the supply of fertilizer", "the housing shortage",
    "the repair of the railway", "the work of the factory committees", "the rate of collectivization",
    "the exchange of delegations", "the fulfilment of the five-year plan", "questions of ideological work",
    "the distribution of textbooks", "the reconstruction of the power station", "the wages of miners",
]  # fmt: skip
TAILS = [
    "in the first half of the year", "with great attention", "despite serious difficulties", "at some length",
    "in a frank manner", "without reaching agreement", "in view of the coming harvest", "as a matter of urgency",
    "in the presence of the ambassador", "according to the figures supplied", "for the third time this year",
]  # fmt: skip
LINKS = ["Furthermore,", "At the same time,", "In this connection,", "Nevertheless,", "As was noted,", "In reply,"]
SPEECH_VERBS = ["stated that", "remarked that", "informed us that", "insisted that", "explained that", "agreed that"]
CLAUSES = [
    "the figures for the district had been exaggerated", "the equipment would arrive before the winter",
    "the party organization had not done enough", "the question would be settled at the next plenum",
    "the credits should be used for light industry", "the workers were short of food",
    "the translation of the documents was incomplete", "the schedule could not be kept",
]  # fmt: skip
SUPPLIED = ["should be", "the", "of", "was", "not", "comrade", "it is"]
GAPS = ["two words illegible", "one line illegible", "the remainder of the page is torn", "a word crossed out"]
NOTES = [
    "The original has a marginal line here.", "The date in the original is unclear.",
    "The translator left this word in Korean.", "Underlined in pencil in the original.",
]  # fmt: skip
MISSPELLINGS = [
    ("goverment", "government"),
    ("comittee", "committee"),
    ("recieved", "received"),
    ("agrement", "agreement"),
]
KOREAN_PHRASES = [
    "당 중앙위원회", "인민경제", "협동농장", "당 조직", "로동자들", "생산 계획", "기술 원조", "회의에서",
    "보고하였다", "토의하였다", "지적하였다", "강조하였다", "식량 문제", "건설 사업", "무역 협정", "대표단",
]  # fmt: skip

CLASSIFICATIONS = ["SECRET", "TOP SECRET", "Strictly confidential", "For official use only"]
SOURCES = [
    "History and Public Policy Program Digital Archive", "Korean Central News Agency", "Rodong Sinmun",
    "Archive of Foreign Policy of the Russian Federation", "Hungarian National Archives",
    "Foreign Ministry Archive of the People's Republic of China", "Political Archive of the German Foreign Office",
    "Russian State Archive of Contemporary History",
]  # fmt: skip
ARCHIVE_CITATIONS = [
    "AVPRF F. 0102 Op. {a} P. {b} D. {c}",
    "MOL XIX-J-1-j Korea {a} doboz {b}",
    "RGANI F. 5 Op. {a} D. {c}",
]
COLLECTION_THEMES = [
    "Sino-Soviet Relations", "The Korean War", "Economic Aid", "Party Purges", "Agricultural Cooperatives",
    "Diplomatic Reports", "Trade Agreements", "Cultural Exchange", "Reconstruction", "Youth Organizations",
]  # fmt: skip
RIGHTS_WEIGHTS = {
    "http://rightsstatements.org/vocab/UND/1.0/": 4,
    "http://rightsstatements.org/vocab/InC-EDU/1.0/": 3,
    "http://rightsstatements.org/vocab/NoC-US/1.0/": 2,
    "https://creativecommons.org/licenses/by/4.0/": 1,
    "http://rightsstatements.org/vocab/CNE/1.0/": 1,
}
