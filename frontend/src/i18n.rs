//! The interface's words in the six official languages, and what the
//! language means for the page: its `lang`, its direction (Arabic is right to
//! left) and how dates are written.

use plenary_protocol::api::{Language, MeetingStatus};

/// A phrase of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    Journal,
    NoMeetings,
    Time,
    Meeting,
    Status,
    Agenda,
    Languages,
    SkipToContent,
    TimesIn,
    Documents,
    OtherDocuments,
    NoDocuments,
    Issued,
    AwaitingTranslation,
    Withdrawn,
    Distribution,
}

/// The language a page is shown in: `?lang=` when given, else the first
/// of the browser's `Accept-Language` the hub speaks, else English.
pub fn choose(asked: Option<&str>, accept_language: Option<&str>) -> Language {
    if let Some(l) = asked.and_then(Language::parse) {
        return l;
    }
    accept_language
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let tag = part.split(';').next()?.trim();
            Language::parse(tag.split('-').next()?.to_ascii_lowercase().as_str())
        })
        .next()
        .unwrap_or(Language::En)
}

/// `rtl` for Arabic, `ltr` otherwise.
pub fn direction(l: Language) -> &'static str {
    if l == Language::Ar {
        "rtl"
    } else {
        "ltr"
    }
}

/// The language's own name, for the language picker.
pub fn endonym(l: Language) -> &'static str {
    match l {
        Language::Ar => "العربية",
        Language::Zh => "中文",
        Language::En => "English",
        Language::Fr => "Français",
        Language::Ru => "Русский",
        Language::Es => "Español",
    }
}

pub fn t(l: Language, p: Phrase) -> &'static str {
    use Language::*;
    use Phrase::*;
    match (p, l) {
        (Journal, Ar) => "يومية الأمم المتحدة",
        (Journal, Zh) => "日刊",
        (Journal, En) => "Journal",
        (Journal, Fr) => "Journal",
        (Journal, Ru) => "Журнал",
        (Journal, Es) => "Diario",
        (NoMeetings, Ar) => "لا توجد جلسات في هذا اليوم.",
        (NoMeetings, Zh) => "当天没有会议。",
        (NoMeetings, En) => "No meetings on this day.",
        (NoMeetings, Fr) => "Aucune séance ce jour-là.",
        (NoMeetings, Ru) => "В этот день заседаний нет.",
        (NoMeetings, Es) => "No hay sesiones ese día.",
        (Time, Ar) => "الوقت",
        (Time, Zh) => "时间",
        (Time, En) => "Time",
        (Time, Fr) => "Heure",
        (Time, Ru) => "Время",
        (Time, Es) => "Hora",
        (Meeting, Ar) => "الجلسة",
        (Meeting, Zh) => "会议",
        (Meeting, En) => "Meeting",
        (Meeting, Fr) => "Séance",
        (Meeting, Ru) => "Заседание",
        (Meeting, Es) => "Sesión",
        (Status, Ar) => "الحالة",
        (Status, Zh) => "状态",
        (Status, En) => "Status",
        (Status, Fr) => "État",
        (Status, Ru) => "Статус",
        (Status, Es) => "Estado",
        (Agenda, Ar) => "جدول الأعمال",
        (Agenda, Zh) => "议程",
        (Agenda, En) => "Agenda",
        (Agenda, Fr) => "Ordre du jour",
        (Agenda, Ru) => "Повестка дня",
        (Agenda, Es) => "Programa",
        (Languages, Ar) => "اللغات",
        (Languages, Zh) => "语言",
        (Languages, En) => "Languages",
        (Languages, Fr) => "Langues",
        (Languages, Ru) => "Языки",
        (Languages, Es) => "Idiomas",
        (SkipToContent, Ar) => "انتقل إلى المحتوى",
        (SkipToContent, Zh) => "跳到正文",
        (SkipToContent, En) => "Skip to content",
        (SkipToContent, Fr) => "Aller au contenu",
        (SkipToContent, Ru) => "Перейти к содержанию",
        (SkipToContent, Es) => "Ir al contenido",
        (TimesIn, Ar) => "الأوقات بتوقيت",
        (TimesIn, Zh) => "时间按时区",
        (TimesIn, En) => "Times in",
        (TimesIn, Fr) => "Heures de",
        (TimesIn, Ru) => "Время по поясу",
        (TimesIn, Es) => "Horas en",
        (Documents, Ar) => "الوثائق",
        (Documents, Zh) => "文件",
        (Documents, En) => "Documents",
        (Documents, Fr) => "Documents",
        (Documents, Ru) => "Документы",
        (Documents, Es) => "Documentos",
        (OtherDocuments, Ar) => "وثائق أخرى",
        (OtherDocuments, Zh) => "其他文件",
        (OtherDocuments, En) => "Other documents",
        (OtherDocuments, Fr) => "Autres documents",
        (OtherDocuments, Ru) => "Другие документы",
        (OtherDocuments, Es) => "Otros documentos",
        (NoDocuments, Ar) => "لا توجد وثائق بعد.",
        (NoDocuments, Zh) => "尚无文件。",
        (NoDocuments, En) => "No documents yet.",
        (NoDocuments, Fr) => "Pas encore de documents.",
        (NoDocuments, Ru) => "Документов пока нет.",
        (NoDocuments, Es) => "Todavía no hay documentos.",
        (Issued, Ar) => "صدرت",
        (Issued, Zh) => "已印发",
        (Issued, En) => "Issued",
        (Issued, Fr) => "Publié",
        (Issued, Ru) => "Выпущен",
        (Issued, Es) => "Publicado",
        (AwaitingTranslation, Ar) => "قيد الترجمة",
        (AwaitingTranslation, Zh) => "待翻译",
        (AwaitingTranslation, En) => "Awaiting translation",
        (AwaitingTranslation, Fr) => "En attente de traduction",
        (AwaitingTranslation, Ru) => "Ожидает перевода",
        (AwaitingTranslation, Es) => "Pendiente de traducción",
        (Withdrawn, Ar) => "سُحبت هذه الوثيقة.",
        (Withdrawn, Zh) => "本文件已撤回。",
        (Withdrawn, En) => "This document was withdrawn.",
        (Withdrawn, Fr) => "Ce document a été retiré.",
        (Withdrawn, Ru) => "Этот документ отозван.",
        (Withdrawn, Es) => "Este documento fue retirado.",
        (Distribution, Ar) => "التوزيع",
        (Distribution, Zh) => "分发",
        (Distribution, En) => "Distribution",
        (Distribution, Fr) => "Distribution",
        (Distribution, Ru) => "Распространение",
        (Distribution, Es) => "Distribución",
    }
}

pub fn status(l: Language, s: MeetingStatus) -> &'static str {
    use Language::*;
    use MeetingStatus::*;
    match (s, l) {
        (Scheduled, Ar) => "مقررة",
        (Scheduled, Zh) => "已排定",
        (Scheduled, En) => "Scheduled",
        (Scheduled, Fr) => "Prévue",
        (Scheduled, Ru) => "Запланировано",
        (Scheduled, Es) => "Programada",
        (InProgress, Ar) => "جارية",
        (InProgress, Zh) => "进行中",
        (InProgress, En) => "In progress",
        (InProgress, Fr) => "En cours",
        (InProgress, Ru) => "Идёт",
        (InProgress, Es) => "En curso",
        (Suspended, Ar) => "معلقة",
        (Suspended, Zh) => "暂停",
        (Suspended, En) => "Suspended",
        (Suspended, Fr) => "Suspendue",
        (Suspended, Ru) => "Прервано",
        (Suspended, Es) => "Suspendida",
        (Adjourned, Ar) => "رفعت",
        (Adjourned, Zh) => "已休会",
        (Adjourned, En) => "Adjourned",
        (Adjourned, Fr) => "Levée",
        (Adjourned, Ru) => "Закрыто",
        (Adjourned, Es) => "Levantada",
        (Cancelled, Ar) => "ألغيت",
        (Cancelled, Zh) => "已取消",
        (Cancelled, En) => "Cancelled",
        (Cancelled, Fr) => "Annulée",
        (Cancelled, Ru) => "Отменено",
        (Cancelled, Es) => "Cancelada",
    }
}

/// A day as the language writes it (numerals as digits, which every
/// script here reads).
pub fn date(l: Language, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    match l {
        Language::Zh => format!("{y}年{m}月{day}日"),
        Language::En => format!(
            "{day} {} {y}",
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December"
            ][(m - 1) as usize]
        ),
        Language::Fr => format!(
            "{day} {} {y}",
            [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre"
            ][(m - 1) as usize]
        ),
        Language::Es => format!(
            "{day} de {} de {y}",
            [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre"
            ][(m - 1) as usize]
        ),
        Language::Ru => format!(
            "{day} {} {y} г.",
            [
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря"
            ][(m - 1) as usize]
        ),
        Language::Ar => format!(
            "{day} {} {y}",
            [
                "يناير",
                "فبراير",
                "مارس",
                "أبريل",
                "مايو",
                "يونيو",
                "يوليو",
                "أغسطس",
                "سبتمبر",
                "أكتوبر",
                "نوفمبر",
                "ديسمبر"
            ][(m - 1) as usize]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_query_then_the_browser() {
        assert_eq!(choose(Some("ar"), Some("fr")), Language::Ar);
        assert_eq!(
            choose(Some("xx"), Some("de-CH, fr-CH;q=0.9, en;q=0.5")),
            Language::Fr
        );
        assert_eq!(choose(None, Some("zh-Hans-CN,zh;q=0.9")), Language::Zh);
        assert_eq!(choose(None, None), Language::En);
        assert_eq!(direction(Language::Ar), "rtl");
        assert_eq!(direction(Language::Ru), "ltr");
    }

    #[test]
    fn every_phrase_differs_from_english_somewhere() {
        let d = chrono::NaiveDate::from_ymd_opt(2030, 10, 1).expect("date");
        assert_eq!(date(Language::En, d), "1 October 2030");
        assert_eq!(date(Language::Zh, d), "2030年10月1日");
        assert_eq!(date(Language::Es, d), "1 de octubre de 2030");
        for l in Language::ALL {
            assert!(!t(l, Phrase::Journal).is_empty());
        }
        assert_ne!(
            t(Language::Ar, Phrase::Agenda),
            t(Language::En, Phrase::Agenda)
        );
    }
}
