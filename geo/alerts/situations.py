"""What a safety alert raised from the field says, per situation, in the nine page languages.

A team member picks a situation from a closed list; the alert's messages are these texts, never
words of their own, so nothing typed in a hurry on a phone can describe a person. Each entry is
(headline, description, instruction), French first; the emergency numbers are France's (17
police, 15 medical help, 112 any emergency). The translations other than French and English
want a native speaker's review.
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.vocab import PAGE_LANGUAGES, FieldSituation

Text = tuple[str, str, str]

TEXTS: Mapping[FieldSituation, Mapping[str, Text]] = {
    FieldSituation.VIOLENT_CLIENT: {
        "fr": (
            "Client violent signalé",
            "Un membre de l'équipe signale un client violent dans ce secteur.",
            "Prévenez les personnes rencontrées sur place. Restez en binôme et gardez le contact "
            "avec l'équipe. En cas de danger, appelez le 17 ou le 112.",
        ),
        "en": (
            "Violent client reported",
            "A team member reports a violent client in this area.",
            "Warn the people you meet here. Work in pairs and stay in touch with the team. "
            "In danger, call 17 or 112.",
        ),
        "es": (
            "Cliente violento en la zona",
            "Un miembro del equipo informa de un cliente violento en esta zona.",
            "Avise a las personas que encuentre aquí. Trabaje en pareja y mantenga el contacto "
            "con el equipo. En caso de peligro, llame al 17 o al 112.",
        ),
        "pt": (
            "Cliente violento na área",
            "Um membro da equipe relata um cliente violento nesta área.",
            "Avise as pessoas que encontrar aqui. Trabalhe em dupla e mantenha contato com a "
            "equipe. Em caso de perigo, ligue para o 17 ou o 112.",
        ),
        "ro": (
            "Client violent semnalat",
            "Un membru al echipei semnalează un client violent în această zonă.",
            "Avertizați persoanele pe care le întâlniți aici. Lucrați câte doi și păstrați "
            "legătura cu echipa. În caz de pericol, sunați la 17 sau 112.",
        ),
        "bg": (
            "Сигнал за агресивен клиент",
            "Член на екипа съобщава за агресивен клиент в този район.",
            "Предупредете хората, които срещате тук. Работете по двама и поддържайте връзка с "
            "екипа. При опасност се обадете на 17 или 112.",
        ),
        "ru": (
            "Агрессивный клиент в районе",
            "Член команды сообщает об агрессивном клиенте в этом районе.",
            "Предупредите людей, которых встречаете здесь. Работайте в паре и поддерживайте "
            "связь с командой. В случае опасности звоните 17 или 112.",
        ),
        "zh": (
            "该区域有暴力客人",
            "团队成员报告该区域有暴力客人。",
            "提醒在这里遇到的人。两人结伴行动，并与团队保持联系。遇到危险请拨打 17 或 112。",
        ),
        "ar": (
            "الإبلاغ عن زبون عنيف",
            "أبلغ أحد أعضاء الفريق عن زبون عنيف في هذه المنطقة.",
            "نبّهوا الأشخاص الذين تلتقون بهم هنا. اعملوا في ثنائيات وابقوا على تواصل مع الفريق. "
            "في حالة الخطر، اتصلوا بالرقم 17 أو 112.",
        ),
    },
    FieldSituation.AGGRESSION_IN_AREA: {
        "fr": (
            "Agressions signalées dans le secteur",
            "Un membre de l'équipe signale des agressions dans ce secteur.",
            "Restez en binôme, évitez les endroits isolés et gardez le contact avec l'équipe. "
            "En cas de danger, appelez le 17 ou le 112.",
        ),
        "en": (
            "Assaults reported in the area",
            "A team member reports assaults in this area.",
            "Work in pairs, avoid isolated spots and stay in touch with the team. "
            "In danger, call 17 or 112.",
        ),
        "es": (
            "Agresiones en la zona",
            "Un miembro del equipo informa de agresiones en esta zona.",
            "Trabaje en pareja, evite los lugares aislados y mantenga el contacto con el equipo. "
            "En caso de peligro, llame al 17 o al 112.",
        ),
        "pt": (
            "Agressões na área",
            "Um membro da equipe relata agressões nesta área.",
            "Trabalhe em dupla, evite lugares isolados e mantenha contato com a equipe. "
            "Em caso de perigo, ligue para o 17 ou o 112.",
        ),
        "ro": (
            "Agresiuni semnalate în zonă",
            "Un membru al echipei semnalează agresiuni în această zonă.",
            "Lucrați câte doi, evitați locurile izolate și păstrați legătura cu echipa. "
            "În caz de pericol, sunați la 17 sau 112.",
        ),
        "bg": (
            "Сигнал за нападения в района",
            "Член на екипа съобщава за нападения в този район.",
            "Работете по двама, избягвайте усамотени места и поддържайте връзка с екипа. "
            "При опасност се обадете на 17 или 112.",
        ),
        "ru": (
            "Нападения в районе",
            "Член команды сообщает о нападениях в этом районе.",
            "Работайте в паре, избегайте безлюдных мест и поддерживайте связь с командой. "
            "В случае опасности звоните 17 или 112.",
        ),
        "zh": (
            "该区域发生袭击事件",
            "团队成员报告该区域发生袭击事件。",
            "两人结伴行动，避开偏僻的地方，并与团队保持联系。遇到危险请拨打 17 或 112。",
        ),
        "ar": (
            "الإبلاغ عن اعتداءات في المنطقة",
            "أبلغ أحد أعضاء الفريق عن اعتداءات في هذه المنطقة.",
            "اعملوا في ثنائيات، وتجنّبوا الأماكن المعزولة، وابقوا على تواصل مع الفريق. "
            "في حالة الخطر، اتصلوا بالرقم 17 أو 112.",
        ),
    },
    FieldSituation.ROBBERY: {
        "fr": (
            "Vols signalés dans le secteur",
            "Un membre de l'équipe signale des vols ou du racket dans ce secteur.",
            "Gardez sur vous le moins possible d'argent et d'objets de valeur, et prévenez les "
            "personnes rencontrées. En cas de danger, appelez le 17 ou le 112.",
        ),
        "en": (
            "Robberies reported in the area",
            "A team member reports robberies or extortion in this area.",
            "Carry as little cash and as few valuables as you can, and warn the people you "
            "meet. In danger, call 17 or 112.",
        ),
        "es": (
            "Robos en la zona",
            "Un miembro del equipo informa de robos o extorsiones en esta zona.",
            "Lleve encima el mínimo de dinero y de objetos de valor, y avise a las personas que "
            "encuentre. En caso de peligro, llame al 17 o al 112.",
        ),
        "pt": (
            "Roubos na área",
            "Um membro da equipe relata roubos ou extorsões nesta área.",
            "Leve o mínimo possível de dinheiro e de objetos de valor, e avise as pessoas que "
            "encontrar. Em caso de perigo, ligue para o 17 ou o 112.",
        ),
        "ro": (
            "Furturi semnalate în zonă",
            "Un membru al echipei semnalează furturi sau extorcări în această zonă.",
            "Purtați asupra dumneavoastră cât mai puțini bani și obiecte de valoare și "
            "avertizați persoanele pe care le întâlniți. În caz de pericol, sunați la 17 sau 112.",
        ),
        "bg": (
            "Сигнал за обири в района",
            "Член на екипа съобщава за обири или изнудване в този район.",
            "Носете възможно най-малко пари и ценни вещи и предупредете хората, които срещате. "
            "При опасност се обадете на 17 или 112.",
        ),
        "ru": (
            "Грабежи в районе",
            "Член команды сообщает о грабежах или вымогательстве в этом районе.",
            "Держите при себе как можно меньше денег и ценных вещей и предупредите людей, "
            "которых встречаете. В случае опасности звоните 17 или 112.",
        ),
        "zh": (
            "该区域发生抢劫事件",
            "团队成员报告该区域发生抢劫或敲诈勒索事件。",
            "尽量少带现金和贵重物品，并提醒遇到的人。遇到危险请拨打 17 或 112。",
        ),
        "ar": (
            "الإبلاغ عن سرقات في المنطقة",
            "أبلغ أحد أعضاء الفريق عن سرقات أو ابتزاز في هذه المنطقة.",
            "احملوا معكم أقل قدر ممكن من النقود والأغراض الثمينة، ونبّهوا الأشخاص الذين تلتقون "
            "بهم. في حالة الخطر، اتصلوا بالرقم 17 أو 112.",
        ),
    },
    FieldSituation.POLICE_OPERATION: {
        "fr": (
            "Opération de police en cours dans le secteur",
            "Un membre de l'équipe signale une opération de police (contrôles, interpellations) "
            "dans ce secteur.",
            "Informez les personnes rencontrées et rappelez-leur leurs droits et le contact de "
            "l'association. Gardez le contact avec l'équipe.",
        ),
        "en": (
            "Police operation under way in the area",
            "A team member reports a police operation (checks, arrests) in this area.",
            "Let the people you meet know, and remind them of their rights and of how to reach "
            "the association. Stay in touch with the team.",
        ),
        "es": (
            "Operación policial en curso en la zona",
            "Un miembro del equipo informa de una operación policial (controles, detenciones) "
            "en esta zona.",
            "Informe a las personas que encuentre y recuérdeles sus derechos y el contacto de la "
            "asociación. Mantenga el contacto con el equipo.",
        ),
        "pt": (
            "Operação policial em curso na área",
            "Um membro da equipe relata uma operação policial (controles, detenções) nesta área.",
            "Informe as pessoas que encontrar e lembre-as dos seus direitos e do contato da "
            "associação. Mantenha contato com a equipe.",
        ),
        "ro": (
            "Operațiune a poliției în desfășurare în zonă",
            "Un membru al echipei semnalează o operațiune a poliției (controale, rețineri) în "
            "această zonă.",
            "Informați persoanele pe care le întâlniți și amintiți-le drepturile lor și datele "
            "de contact ale asociației. Păstrați legătura cu echipa.",
        ),
        "bg": (
            "Полицейска операция в района",
            "Член на екипа съобщава за полицейска операция (проверки, задържания) в този район.",
            "Уведомете хората, които срещате, и им напомнете за правата им и за контакта на "
            "сдружението. Поддържайте връзка с екипа.",
        ),
        "ru": (
            "Полицейская операция в районе",
            "Член команды сообщает о полицейской операции (проверки документов, задержания) в "
            "этом районе.",
            "Сообщите об этом людям, которых встречаете, напомните им об их правах и о том, как "
            "связаться с ассоциацией. Поддерживайте связь с командой.",
        ),
        "zh": (
            "该区域正在进行警方行动",
            "团队成员报告该区域正在进行警方行动（查验证件、拘捕）。",
            "告知遇到的人，提醒他们享有的权利以及协会的联系方式。与团队保持联系。",
        ),
        "ar": (
            "عملية للشرطة جارية في المنطقة",
            "أبلغ أحد أعضاء الفريق عن عملية للشرطة (تدقيق في الهويات، توقيفات) في هذه المنطقة.",
            "أخبروا الأشخاص الذين تلتقون بهم، وذكّروهم بحقوقهم وبطريقة التواصل مع الجمعية. "
            "ابقوا على تواصل مع الفريق.",
        ),
    },
    FieldSituation.DANGEROUS_PRODUCT_CIRCULATING: {
        "fr": (
            "Produit dangereux en circulation",
            "Un membre de l'équipe signale un produit dangereux (drogue frelatée ou inconnue) "
            "qui circule dans ce secteur.",
            "Prévenez les personnes rencontrées : ne pas consommer seul, commencer par une "
            "petite quantité. En cas de malaise, appelez le 15 ou le 112.",
        ),
        "en": (
            "Dangerous product in circulation",
            "A team member reports a dangerous product (an adulterated or unknown drug) "
            "circulating in this area.",
            "Warn the people you meet: do not use alone, start with a small amount. If someone "
            "feels unwell, call 15 or 112.",
        ),
        "es": (
            "Producto peligroso en circulación",
            "Un miembro del equipo informa de un producto peligroso (droga adulterada o "
            "desconocida) que circula en esta zona.",
            "Avise a las personas que encuentre: no consumir a solas, empezar por una pequeña "
            "cantidad. Si alguien se encuentra mal, llame al 15 o al 112.",
        ),
        "pt": (
            "Produto perigoso em circulação",
            "Um membro da equipe relata um produto perigoso (droga adulterada ou desconhecida) "
            "circulando nesta área.",
            "Avise as pessoas que encontrar: não usar sozinho, começar com uma pequena "
            "quantidade. Se alguém passar mal, ligue para o 15 ou o 112.",
        ),
        "ro": (
            "Produs periculos în circulație",
            "Un membru al echipei semnalează un produs periculos (drog adulterat sau necunoscut) "
            "care circulă în această zonă.",
            "Avertizați persoanele pe care le întâlniți: să nu consume singure și să înceapă cu "
            "o cantitate mică. Dacă cineva se simte rău, sunați la 15 sau 112.",
        ),
        "bg": (
            "Опасно вещество в обращение",
            "Член на екипа съобщава за опасно вещество (примесен или непознат наркотик), което "
            "се разпространява в този район.",
            "Предупредете хората, които срещате: да не употребяват сами и да започват с малко "
            "количество. Ако някой се почувства зле, обадете се на 15 или 112.",
        ),
        "ru": (
            "В районе распространяется опасное вещество",
            "Член команды сообщает, что в этом районе распространяется опасное вещество "
            "(наркотик с примесями или неизвестного состава).",
            "Предупредите людей, которых встречаете: не употреблять в одиночку и начинать с "
            "небольшой дозы. Если кому-то плохо, звоните 15 или 112.",
        ),
        "zh": (
            "有危险物质在流通",
            "团队成员报告该区域有危险物质（掺杂或成分不明的毒品）在流通。",
            "提醒遇到的人：不要独自使用，先从少量开始。如有人身体不适，请拨打 15 或 112。",
        ),
        "ar": (
            "مادة خطرة متداولة",
            "أبلغ أحد أعضاء الفريق عن مادة خطرة (مخدّر مغشوش أو مجهول التركيب) متداولة في هذه "
            "المنطقة.",
            "نبّهوا الأشخاص الذين تلتقون بهم: عدم التعاطي على انفراد، والبدء بكمية صغيرة. إذا "
            "شعر أحد بتوعّك، اتصلوا بالرقم 15 أو 112.",
        ),
    },
    FieldSituation.HOSTILE_RESIDENTS: {
        "fr": (
            "Riverains hostiles signalés",
            "Un membre de l'équipe signale des riverains hostiles (insultes, menaces, "
            "harcèlement) dans ce secteur.",
            "Évitez les confrontations, restez en binôme et gardez le contact avec l'équipe. "
            "En cas de menace ou de violence, appelez le 17 ou le 112.",
        ),
        "en": (
            "Hostile residents reported",
            "A team member reports hostile residents (insults, threats, harassment) in this area.",
            "Avoid confrontation, work in pairs and stay in touch with the team. If threatened "
            "or attacked, call 17 or 112.",
        ),
        "es": (
            "Vecinos hostiles en la zona",
            "Un miembro del equipo informa de vecinos hostiles (insultos, amenazas, acoso) en "
            "esta zona.",
            "Evite los enfrentamientos, trabaje en pareja y mantenga el contacto con el equipo. "
            "Ante amenazas o violencia, llame al 17 o al 112.",
        ),
        "pt": (
            "Moradores hostis na área",
            "Um membro da equipe relata moradores hostis (insultos, ameaças, assédio) nesta área.",
            "Evite confrontos, trabalhe em dupla e mantenha contato com a equipe. Em caso de "
            "ameaça ou violência, ligue para o 17 ou o 112.",
        ),
        "ro": (
            "Localnici ostili semnalați",
            "Un membru al echipei semnalează localnici ostili (insulte, amenințări, hărțuire) "
            "în această zonă.",
            "Evitați confruntările, lucrați câte doi și păstrați legătura cu echipa. În caz de "
            "amenințări sau violență, sunați la 17 sau 112.",
        ),
        "bg": (
            "Сигнал за враждебно настроени местни жители",
            "Член на екипа съобщава за враждебно настроени местни жители (обиди, заплахи, "
            "тормоз) в този район.",
            "Избягвайте конфронтации, работете по двама и поддържайте връзка с екипа. При "
            "заплахи или насилие се обадете на 17 или 112.",
        ),
        "ru": (
            "Враждебно настроенные местные жители",
            "Член команды сообщает о враждебно настроенных местных жителях (оскорбления, "
            "угрозы, преследование) в этом районе.",
            "Избегайте конфликтов, работайте в паре и поддерживайте связь с командой. При "
            "угрозах или насилии звоните 17 или 112.",
        ),
        "zh": (
            "当地居民态度敌对",
            "团队成员报告该区域有当地居民态度敌对（辱骂、威胁、骚扰）。",
            "避免冲突，两人结伴行动，并与团队保持联系。遇到威胁或暴力请拨打 17 或 112。",
        ),
        "ar": (
            "الإبلاغ عن سكان معادين",
            "أبلغ أحد أعضاء الفريق عن سكان محليين معادين (شتائم، تهديدات، مضايقات) في هذه المنطقة.",
            "تجنّبوا المواجهات، واعملوا في ثنائيات، وابقوا على تواصل مع الفريق. في حالة التهديد "
            "أو العنف، اتصلوا بالرقم 17 أو 112.",
        ),
    },
}


def messages_for(situation: FieldSituation) -> dict[str, dict[str, str]]:
    """The alert's messages for a situation, by page language, as alerts store them."""
    texts = TEXTS[situation]
    return {
        lang: dict(zip(("headline", "description", "instruction"), texts[lang], strict=True))
        for lang in PAGE_LANGUAGES
    }
