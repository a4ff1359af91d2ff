# bash completion for haven.  The command names come from haven itself
# (`haven help --commands`), so new commands complete without editing this.
_haven()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		cword=$COMP_CWORD
		words=("${COMP_WORDS[@]}")
	}
	case $prev in
	--db | -o | --output | --passphrase-file)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	# The command: the first word after any global options.
	local i cmd=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(haven help --commands 2>/dev/null) --db --json --no-color --help --version" -- "$cur"))
		return
	fi
	case $cmd in
	help) COMPREPLY=($(compgen -W "$(haven help --commands 2>/dev/null)" -- "$cur")) ;;
	journal) [[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "list show edit rm restore" -- "$cur")) ;;
	breathe) [[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "478 box coherent three" -- "$cur")) ;;
	config) [[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "list get set unset" -- "$cur")) ;;
	vault) [[ $cword -eq $((i + 1)) ]] && COMPREPLY=($(compgen -W "enable change disable unlock lock status check" -- "$cur")) ;;
	import | chat) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		opts=$(haven help "$cmd" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts --json" -- "$cur"))
	fi
}
complete -F _haven haven
