-- The floor's video is recorded too (WebM), beside each channel's audio
-- (Ogg Opus): what a recording is made of, by its file's extension.
ALTER TABLE recordings ADD COLUMN format TEXT NOT NULL DEFAULT 'ogg' CHECK (format IN ('ogg', 'webm'));
